using System.Threading.Channels;
using TrustScore.Audit;
using TrustScore.Errors;
using TrustScore.Rollback;

namespace TrustScore.Serving;

/// <summary>
/// Follows the active pointer for the service (runbook §5.2; the consumer
/// pickup of docs/formats/registry.md). A <see cref="FileSystemWatcher"/> on the pointer's
/// directory and a poll interval both wake one background loop, which re-reads the link once and,
/// if it names a new version directory, verifies and loads it fully off the request path
/// (<see cref="ModelLoader"/>). Only a model that passed is published, by one volatile write, so a
/// request sees either the old or the new model and finishes on the one it started with. A target
/// that fails is refused: logged, counted, appended to the registry's audit log, and the old
/// model keeps serving; it is not retried until the pointer moves again.
/// </summary>
public sealed class ActiveModelWatcher : IDisposable
{
    /// <summary>The audit-log action for a swap (or refused swap) made by a serving process.</summary>
    public const string SwapAction = "serve_swap";

    /// <summary>The audit-log action for the model a serving process starts with (or refuses at start).</summary>
    public const string StartAction = "serve_start";

    private readonly ServeOptions options;
    private readonly ActivePointer pointer;
    private readonly ServingMetrics metrics;
    private readonly TextWriter log;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim checkGate = new(1, 1);
    private readonly Channel<bool> signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private FileSystemWatcher? watcher;
    private volatile ServedModel current;
    private string? refusedTarget;
    private volatile string? verifying;
    private volatile string? refusalNote;
    private bool pointerProblemLogged;

    private ActiveModelWatcher(ServeOptions options, ActivePointer pointer, ServedModel first, ServingMetrics metrics, TextWriter log, TimeProvider time)
    {
        this.options = options;
        this.pointer = pointer;
        current = first;
        this.metrics = metrics;
        this.log = log;
        this.time = time;
        metrics.SetActive(first);
    }

    /// <summary>The model new requests are scored with.</summary>
    public ServedModel Current => current;

    /// <summary>The pointer target being verified right now (a swap in progress), or null.</summary>
    public string? Verifying => verifying;

    /// <summary>Why the target the pointer names now was refused (the old model keeps serving), or null.</summary>
    public string? Refusal => refusalNote;

    /// <summary>
    /// Resolves the pointer and verifies and loads its target; the service starts only on a model
    /// that passed.
    /// </summary>
    /// <exception cref="BadInputException">There is no pointer, or it points outside the registry.</exception>
    /// <exception cref="VerificationFailedException">The target does not verify or load.</exception>
    public static ActiveModelWatcher Open(ServeOptions options, ServingMetrics metrics, TextWriter log, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(time);
        var pointer = new ActivePointer(options.ActivePath);
        string target = pointer.ReadTarget()
            ?? throw new BadInputException($"The active pointer '{pointer.Path}' does not exist; publish a version and run 'trustscore rollback to VERSION' first.");
        string? outside = OutsideRegistry(options, target);
        if (outside is not null)
        {
            throw new BadInputException(outside);
        }

        long start = time.GetTimestamp();
        ModelLoadAttempt attempt = ModelLoader.TryLoad(target, options.Keys, time);
        if (attempt.Model is null)
        {
            string message = $"The active model {attempt.Version} ('{attempt.Directory}') does not verify, so the service did not start: {attempt.Problem}";
            Audit(options, time, log, target, new AuditEntry(time.GetUtcNow(), options.Actor, StartAction, AuditOutcome.Refused, null, null, null,
                attempt.Version, attempt.RootDigest, attempt.Checks, (long)time.GetElapsedTime(start).TotalMilliseconds, message));
            throw new VerificationFailedException(message);
        }

        return new ActiveModelWatcher(options, pointer, attempt.Model, metrics, log, time);
    }

    /// <summary>Watches until <paramref name="ct"/> is cancelled; each wake-up runs <see cref="Check"/>.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        StartWatcher();
        while (!ct.IsCancellationRequested)
        {
            using (var poll = new CancellationTokenSource(options.PollInterval, time))
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(ct, poll.Token))
            {
                try
                {
                    await signals.Reader.ReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // The poll interval elapsed with no file-system event: look anyway.
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            while (signals.Reader.TryRead(out _))
            {
                // Several events for one switch (create temp link, rename) need one look.
            }

            try
            {
                await Task.Run(Check, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The loop must outlive any one look, or SIGTERM would find it faulted.
                Say($"warning: checking the active pointer failed ({ex.GetType().Name}: {ex.Message}); still serving {current.Version} ({current.RootDigest}).");
            }
        }
    }

    /// <summary>Looks at the pointer once and swaps or refuses; safe to call from any thread (one look at a time).</summary>
    public PointerCheck Check()
    {
        checkGate.Wait();
        try
        {
            return CheckLocked();
        }
        finally
        {
            checkGate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        watcher?.Dispose();
        checkGate.Dispose();
    }

    private PointerCheck CheckLocked()
    {
        string? target;
        try
        {
            target = pointer.ReadTarget();
        }
        catch (Exception ex) when (ex is BadInputException or IOException or UnauthorizedAccessException)
        {
            return PointerProblem(ex.Message);
        }

        if (target is null)
        {
            return PointerProblem($"the active pointer '{pointer.Path}' is missing");
        }

        pointerProblemLogged = false;
        ServedModel old = current;
        if (string.Equals(target, old.Directory, StringComparison.Ordinal))
        {
            refusedTarget = null;
            refusalNote = null;
            return PointerCheck.Unchanged;
        }

        if (string.Equals(target, refusedTarget, StringComparison.Ordinal))
        {
            return PointerCheck.Unchanged;
        }

        long start = time.GetTimestamp();
        string? outside = OutsideRegistry(options, target);
        verifying = target;
        ModelLoadAttempt attempt;
        try
        {
            attempt = outside is null
                ? TryLoadOrRefuse(target)
                : new ModelLoadAttempt(target, Path.GetFileName(target), null, [], null, outside);
        }
        finally
        {
            verifying = null;
        }

        long ms = (long)time.GetElapsedTime(start).TotalMilliseconds;
        if (attempt.Model is { } loaded)
        {
            current = loaded;
            refusedTarget = null;
            refusalNote = null;
            metrics.SetActive(loaded);
            metrics.CountSwap();
            string message = $"Now serving {loaded.Version} ({loaded.RootDigest}); was {old.Version} ({old.RootDigest}).";
            Say($"swap: {message}");
            Audit(options, time, log, target, new AuditEntry(time.GetUtcNow(), options.Actor, SwapAction, AuditOutcome.Succeeded, null,
                old.Version, old.RootDigest, loaded.Version, loaded.RootDigest, attempt.Checks, ms, message));
            return PointerCheck.Swapped;
        }

        refusedTarget = target;
        metrics.CountRefusedSwap();
        string refusal = $"Refused {attempt.Version} ('{attempt.Directory}'): {attempt.Problem}; still serving {old.Version} ({old.RootDigest}).";
        refusalNote = refusal;
        Say($"swap refused: {refusal}");
        Audit(options, time, log, target, new AuditEntry(time.GetUtcNow(), options.Actor, SwapAction, AuditOutcome.Refused, null,
            old.Version, old.RootDigest, attempt.Version, attempt.RootDigest, attempt.Checks, ms, refusal));
        return PointerCheck.Refused;
    }

    /// <summary>
    /// Loads <paramref name="target"/>; a failure the loader did not foresee is still a refusal
    /// (logged and audited by the caller), never an exception that would end the watch loop and,
    /// with it, a graceful shutdown.
    /// </summary>
    private ModelLoadAttempt TryLoadOrRefuse(string target)
    {
        try
        {
            return ModelLoader.TryLoad(target, options.Keys, time);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new ModelLoadAttempt(target, Path.GetFileName(target), null, [], null, $"loading failed unexpectedly ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private PointerCheck PointerProblem(string problem)
    {
        if (!pointerProblemLogged)
        {
            pointerProblemLogged = true;
            Say($"warning: {problem}; still serving {current.Version} ({current.RootDigest}).");
        }

        return PointerCheck.PointerUnreadable;
    }

    private void StartWatcher()
    {
        string? dir = Path.GetDirectoryName(pointer.Path);
        if (dir is null || !Directory.Exists(dir))
        {
            return;
        }

        try
        {
            watcher = new FileSystemWatcher(dir)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.CreationTime,
                IncludeSubdirectories = false,
            };
            FileSystemEventHandler changed = (_, _) => signals.Writer.TryWrite(true);
            watcher.Created += changed;
            watcher.Changed += changed;
            watcher.Deleted += changed;
            watcher.Renamed += (_, _) => signals.Writer.TryWrite(true);
            watcher.Error += (_, _) => signals.Writer.TryWrite(true);
            watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            // e.g. the inotify instance limit: polling alone still picks the switch up.
            Say($"note: cannot watch '{dir}' ({ex.Message}); polling every {options.PollInterval.TotalMilliseconds:0} ms instead.");
            watcher?.Dispose();
            watcher = null;
        }
    }

    private void Say(string line)
    {
        lock (log)
        {
            log.WriteLine($"{time.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} {line}");
            log.Flush();
        }
    }

    private static string? OutsideRegistry(ServeOptions options, string target)
    {
        if (options.RegistryRoot is null)
        {
            return null;
        }

        string registry = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.RegistryRoot));
        if (!string.Equals(Path.GetDirectoryName(target), registry, StringComparison.Ordinal))
        {
            return $"The active pointer points at '{target}', which is not a version in the registry '{registry}'.";
        }

        // The version directory itself must be real: a link there could lead anywhere.
        return IO.NoFollow.IsLink(target)
            ? $"The active pointer points at '{target}', a symbolic link in the registry '{registry}'; a version must be a real directory."
            : null;
    }

    /// <summary>Appends to the registry's audit log; a failure to append is reported but never stops serving.</summary>
    private static void Audit(ServeOptions options, TimeProvider time, TextWriter log, string target, AuditEntry entry)
    {
        string registry = options.RegistryRoot ?? Path.GetDirectoryName(target)!;
        try
        {
            AuditLog.Open(registry, time).Append(entry);
        }
        catch (Exception ex) when (ex is TrustScoreException or IOException or UnauthorizedAccessException)
        {
            lock (log)
            {
                log.WriteLine($"warning: could not append to the audit log in '{registry}': {ex.Message}");
            }
        }
    }
}
