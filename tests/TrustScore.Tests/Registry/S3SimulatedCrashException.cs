namespace TrustScore.Tests.Registry;

/// <summary>Thrown from a progress callback to stop a publish at a chosen point, as a crash would.</summary>
internal sealed class S3SimulatedCrashException : Exception;
