// Times publishing a default-size model (2.26 MB model.onnx, the 768-512-256-128-64-1 MLP's float32
// weights) to a local registry and to an S3 registry on moto_server: publish, identical re-publish
// and full read-back verification; 7 runs, the first (JIT, cold server) dropped, medians printed.
// Not a test and not part of the solution. Run from the repository root:
//   moto_server -H 127.0.0.1 -p 5123 & MOTO=$!
//   dotnet run bench/PublishTiming/publish-timing.cs -- http://127.0.0.1:5123
//   kill $MOTO
#:project ../../src/TrustScore/TrustScore.csproj
#:property PublishAot=false
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using TrustScore.Consensus.Digest;
using TrustScore.Registry;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: dotnet run bench/PublishTiming/publish-timing.cs -- <S3 endpoint URL>");
    return 2;
}

string endpoint = args[0];
Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
var cfg = new AmazonS3Config { ServiceURL = endpoint, ForcePathStyle = true, AuthenticationRegion = "us-east-1" };
using var raw = new AmazonS3Client(cfg);
string dir = Path.Combine(Path.GetTempPath(), "s3bench-" + Guid.NewGuid().ToString("N"));
string version = "v20250101_120000";
string vdir = Path.Combine(dir, version);
Directory.CreateDirectory(Path.Combine(vdir, "model"));
var onnx = new byte[565_312 * 4 + 2_000];
new Random(1).NextBytes(onnx);
File.WriteAllBytes(Path.Combine(vdir, "model", "model.onnx"), onnx);
File.WriteAllText(Path.Combine(vdir, "model", "conformance.json"), new string('x', 40_000));
File.WriteAllText(Path.Combine(vdir, "model", "feature_schema.json"), new string('y', 30_000));
var md = ModelDigest.Compute(Path.Combine(vdir, "model"));
string root = md.Root;
string filesJson = string.Join(",", md.Files.Select(f => $"{{\"name\":\"{f.Name}\",\"sha256\":\"{f.Sha256}\",\"size\":{f.Size}}}"));
File.WriteAllText(Path.Combine(vdir, "manifest.json"), $"{{\"files\":[{filesJson}],\"digest\":{{\"root\":\"{root}\"}},\"gates\":{{\"passed\":true}},\"metrics\":{{\"r2\":0.9,\"mae\":3}},\"model\":{{\"version\":\"{version}\"}}}}");
File.WriteAllText(Path.Combine(vdir, "export_metadata.json"), "{}");
var pubs = new List<double>(); var reps = new List<double>(); var vers = new List<double>(); var locals = new List<double>();
for (int i = 0; i < 7; i++)
{
    string localRoot = Path.Combine(dir, "local-" + i);
    var lsw = Stopwatch.StartNew();
    var lr = new LocalRegistry(localRoot, TimeProvider.System, "bench@host").Publish(vdir, version);
    locals.Add(lsw.Elapsed.TotalMilliseconds);
    string bucket = $"bench-{Guid.NewGuid():N}";
    await raw.PutBucketAsync(new PutBucketRequest { BucketName = bucket, ObjectLockEnabledForBucket = true });
    using var reg = new S3Registry(new S3RegistryOptions { Location = S3RegistryLocation.Parse($"s3://{bucket}/models/trust_score"), Endpoint = endpoint, RetentionDays = 1 });
    var sw = Stopwatch.StartNew();
    var r = reg.Publish(vdir, version);
    double pub = sw.Elapsed.TotalMilliseconds;
    sw.Restart();
    var again = reg.Publish(vdir, version);
    double rep = sw.Elapsed.TotalMilliseconds;
    sw.Restart();
    var v = reg.VerifyVersion(version);
    double ver = sw.Elapsed.TotalMilliseconds;
    if (i > 0) { pubs.Add(pub); reps.Add(rep); vers.Add(ver); }
    Console.WriteLine($"run {i}: local {locals[^1]:F0} ms ({lr.Outcome}); publish {pub:F0} ms ({r.Outcome}), re-publish identical {rep:F0} ms ({again.Outcome}), verify {ver:F0} ms (passed={v.Passed})");
}
static double Median(List<double> x) { x.Sort(); return x[x.Count / 2]; }
locals.RemoveAt(0);
Console.WriteLine($"median of runs 1-6: local publish {Median(locals):F0} ms; S3 publish {Median(pubs):F0} ms, S3 re-publish identical {Median(reps):F0} ms, S3 verify {Median(vers):F0} ms; model.onnx {onnx.Length} bytes");
Directory.Delete(dir, true);
return 0;
