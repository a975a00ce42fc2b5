using TrustScore.Evaluation;
using TrustScore.Training;

namespace TrustScore.Quickstart;

/// <summary>
/// How the quickstart tells its story: the command line renders steps, details, training
/// progress and the gate table on stderr; tests can record them.
/// </summary>
public interface IQuickstartNarrator
{
    /// <summary>A new step begins (1-based <paramref name="number"/> of <paramref name="total"/>).</summary>
    void Step(int number, int total, string title);

    /// <summary>One line of detail within the current step.</summary>
    void Detail(string line);

    /// <summary>
    /// Runs a training <paramref name="work"/>, showing its per-epoch progress and its stage lines
    /// (the second argument; on a terminal they must go through the live display).
    /// </summary>
    T Train<T>(Func<IProgress<EpochProgress>?, Action<string>?, T> work);

    /// <summary>Shows the nine release gates of an evaluation.</summary>
    void Gates(EvaluationResult evaluation);
}
