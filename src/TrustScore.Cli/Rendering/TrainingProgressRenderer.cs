using System.Globalization;
using Spectre.Console;
using TrustScore.Training;

namespace TrustScore.Cli.Rendering;

/// <summary>
/// Training progress: a live Spectre.Console bar per epoch on a terminal, one
/// plain summary line per finished epoch otherwise (CI logs, pipes), nothing when quiet.
/// </summary>
internal static class TrainingProgressRenderer
{
    /// <summary>
    /// Runs <paramref name="work"/>, giving it an epoch-progress sink and a one-line status sink
    /// that both report to <paramref name="writer"/> as described above (both null when quiet).
    /// </summary>
    public static T Run<T>(TextWriter writer, bool terminal, bool quiet, Func<IProgress<EpochProgress>?, Action<string>?, T> work)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(work);
        if (quiet)
        {
            return work(null, null);
        }

        if (!terminal)
        {
            return work(new EpochLines(writer), line => writer.WriteLine(line));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Out = new AnsiConsoleOutput(writer),
        });
        T result = default!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(ctx => result = work(new EpochBars(ctx), line => console.MarkupLine(Markup.Escape(line))));
        return result;
    }

    /// <summary>The one-line summary of a finished epoch.</summary>
    public static string Summary(EpochProgress p) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {p.Epoch}/{p.Epochs}: loss {p.Loss:0.0000} mae {p.Mae:0.0000} val_loss {p.ValLoss:0.0000} val_mae {p.ValMae:0.0000} lr {p.LearningRate:g4} ({p.Elapsed.TotalSeconds:0.0}s)");

    private sealed class EpochLines(TextWriter writer) : IProgress<EpochProgress>
    {
        public void Report(EpochProgress value)
        {
            if (value.EpochCompleted)
            {
                writer.WriteLine(Summary(value));
                writer.Flush();
            }
        }
    }

    private sealed class EpochBars(ProgressContext context) : IProgress<EpochProgress>
    {
        private ProgressTask? task;
        private int epoch;

        public void Report(EpochProgress value)
        {
            if (task is null || value.Epoch != epoch)
            {
                task?.StopTask();
                epoch = value.Epoch;
                task = context.AddTask(string.Create(CultureInfo.InvariantCulture, $"epoch {value.Epoch}/{value.Epochs}"), maxValue: value.Steps);
            }

            task.Value = value.Step;
            task.Description = string.Create(CultureInfo.InvariantCulture, $"epoch {value.Epoch}/{value.Epochs} loss {value.Loss:0.00} mae {value.Mae:0.000}");
            if (value.EpochCompleted)
            {
                task.Value = value.Steps;
                task.Description = string.Create(CultureInfo.InvariantCulture, $"epoch {value.Epoch}/{value.Epochs} val_loss {value.ValLoss:0.000} val_mae {value.ValMae:0.000}");
                task.StopTask();
                task = null;
            }
        }
    }
}
