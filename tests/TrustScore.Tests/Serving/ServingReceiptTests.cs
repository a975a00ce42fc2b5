using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using TrustScore.Consensus.Scoring;
using TrustScore.Data;
using TrustScore.Receipts;
using TrustScore.Scoring;
using TrustScore.Serving;
using TrustScore.Serving.Grpc.V1;
using TrustScore.Signing;
using TrustScore.TestSupport;

namespace TrustScore.Tests.Serving;

/// <summary>
/// <c>serve --receipt-key</c> on every protocol against a running server: each score carries a
/// receipt that binds the request's metadata, the exact features, the model and the node's
/// truncated score; its Ed25519 signature verifies with an independent implementation
/// (BouncyCastle) and <see cref="ReceiptVerifier"/> accepts it against the model and the row;
/// sequences strictly increase across requests and protocols.
/// </summary>
public sealed class ServingReceiptTests(ServingReceiptTests.ReceiptServer fixture) : IClassFixture<ServingReceiptTests.ReceiptServer>
{
    private const int D = FeatureSchema.Dimension;
    private const string ChainId = "virtengine-test-7";

    [Fact]
    public async Task Tf_predict_carries_a_receipt_binding_the_request_metadata()
    {
        float[] row = ServingVersions.RandomRows(1, seed: 101);
        using var request = Post("/v1/models/trust_score:predict", ServingVersions.TfBody(row, 1));
        request.Headers.Add("TrustScore-Receipt-Account-Address", "virt1alice");
        request.Headers.Add("TrustScore-Receipt-Request-Id", "req-tf-1");
        request.Headers.Add("TrustScore-Receipt-Scope-Ids", "selfie, id_document,selfie");
        request.Headers.Add("TrustScore-Receipt-Nonce", "nonce-77");
        request.Headers.Add("TrustScore-Receipt-Block-Height", "123456");
        request.Headers.Add("TrustScore-Receipt-Issued-At", "1764806400");

        JsonElement body = await Send(request);
        InferenceReceipt r = Receipt(body.GetProperty("receipt"));

        Assert.Equal(ChainId, r.ChainId);
        Assert.Equal("virt1alice", r.AccountAddress);
        Assert.Equal("req-tf-1", r.RequestId);
        Assert.Equal(["id_document", "selfie"], r.ScopeIds);
        Assert.Equal("nonce-77", r.Nonce);
        Assert.Equal((123456L, 123458L), (r.IssuedHeight, r.ExpiresHeight));
        Assert.Equal((1764806400L, 1764806520L), (r.IssuedAtUnix, r.ExpiresAtUnix));
        Assert.Equal("validator-7", r.SignerKeyId);
        AssertHonest(r, row);
    }

    [Fact]
    public async Task Open_inference_batches_get_one_receipt_per_row_with_increasing_sequences()
    {
        float[] rows = ServingVersions.RandomRows(3, seed: 102);
        JsonElement body = await Send(Post("/v2/models/trust_score/infer", ServingVersions.V2Body(rows, 3, id: "oip-9")));

        InferenceReceipt[] receipts = [.. body.GetProperty("receipts").EnumerateArray().Select(Receipt)];

        Assert.Equal(3, receipts.Length);
        Assert.All(receipts, r => Assert.Equal("oip-9", r.RequestId));
        Assert.Equal([receipts[0].SignerSequence, receipts[0].SignerSequence + 1, receipts[0].SignerSequence + 2], receipts.Select(r => r.SignerSequence));
        for (int i = 0; i < 3; i++)
        {
            AssertHonest(receipts[i], rows.AsSpan(i * D, D).ToArray());
        }

        Assert.Equal(ReceiptContextReader.DefaultAccount, receipts[0].AccountAddress);
        Assert.Equal([ReceiptContextReader.DefaultScope], receipts[0].ScopeIds);
    }

    [Fact]
    public async Task The_http_sidecar_form_carries_a_receipt()
    {
        float[] row = ServingVersions.RandomRows(1, seed: 103);
        string body = "{\"features\":[" + string.Join(",", row.Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "],\"model_id\":\"trust_score\"}";
        JsonElement answer = await Send(Post("/v1/models/trust_score:predict", body));
        AssertHonest(Receipt(answer.GetProperty("receipt")), row);
    }

    [Fact]
    public async Task Grpc_compute_score_carries_receipt_json_with_the_node_metadata()
    {
        float[] row = ServingVersions.RandomRows(1, seed: 104);
        var request = new ComputeScoreRequest { Metadata = new InferenceMetadata { AccountAddress = "virt1bob", BlockHeight = 900, RequestId = "grpc-1" } };
        request.Features.AddRange(row);

        ComputeScoreResponse response = await fixture.Grpc.ComputeScoreAsync(request);
        InferenceReceipt r = ReceiptJson.Parse(response.ReceiptJson, "receipt_json").Receipt;

        Assert.Equal(("virt1bob", "grpc-1", 900L), (r.AccountAddress, r.RequestId, r.IssuedHeight));
        Assert.Equal(response.Score, r.Score); // the fixture model seals the node's truncation rule
        AssertHonest(r, row);
    }

    [Fact]
    public async Task Sequences_strictly_increase_across_requests_and_protocols()
    {
        float[] row = ServingVersions.RandomRows(1, seed: 105);
        var sequences = new List<ulong>();
        for (int i = 0; i < 3; i++)
        {
            sequences.Add(Receipt((await Send(Post("/v1/models/trust_score:predict", ServingVersions.TfBody(row, 1)))).GetProperty("receipt")).SignerSequence);
            var request = new ComputeScoreRequest();
            request.Features.AddRange(row);
            sequences.Add(ReceiptJson.Parse((await fixture.Grpc.ComputeScoreAsync(request)).ReceiptJson, "grpc").Receipt.SignerSequence);
        }

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
    }

    [Theory]
    [InlineData("TrustScore-Receipt-Block-Height", "-5")]
    [InlineData("TrustScore-Receipt-Evidence-Lineage-Digest", "abc")]
    [InlineData("TrustScore-Receipt-Account-Address", "virt1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task An_unusable_receipt_header_is_a_400_naming_it(string header, string value)
    {
        float[] row = ServingVersions.RandomRows(1, seed: 106);
        using var request = Post("/v1/models/trust_score:predict", ServingVersions.TfBody(row, 1));
        request.Headers.TryAddWithoutValidation(header, value);

        using HttpResponseMessage response = await fixture.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(header, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The receipt tells the truth about this row, checked independently of the service.</summary>
    private void AssertHonest(InferenceReceipt r, float[] row)
    {
        float output = fixture.Versions.ReferenceScorer("v1").Score(row);
        Assert.Equal((uint)ScoreTruncation.ToScore(output), r.Score);
        var bytes = new byte[D * 4];
        for (int i = 0; i < D; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), row[i]);
        }

        Assert.Equal(SHA256.HashData(bytes), r.InputDigest);
        Assert.Equal(SHA256.HashData(bytes), r.FeatureDigest);
        Assert.Equal(SHA256.HashData(File.ReadAllBytes(Path.Combine(fixture.Versions.Registry, "v1", "manifest.json"))), r.ModelManifestDigest);
        Assert.Equal(fixture.Server.Models.Current.RootDigest, "sha256:" + Convert.ToHexStringLower(r.ModelDigest));

        // An independent Ed25519 implementation verifies the signature over the sign bytes.
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(ReceiptKeys.RawPublicKey(fixture.ReceiptPublicKey)));
        byte[] signBytes = ReceiptCanonical.SignBytes(r);
        verifier.BlockUpdate(signBytes, 0, signBytes.Length);
        Assert.True(verifier.VerifySignature(r.Signature));

        ReceiptVerificationResult check = ReceiptVerifier.Verify(new ParsedReceipt(r, []), fixture.ReceiptPublicKey, fixture.Model, row);
        Assert.True(check.Passed, string.Join("; ", check.Problems));
    }

    private static InferenceReceipt Receipt(JsonElement element)
    {
        ParsedReceipt parsed = ReceiptJson.Parse(element.GetRawText(), "response receipt");
        Assert.Empty(parsed.FormProblems);
        return parsed.Receipt;
    }

    private static HttpRequestMessage Post(string path, string body) =>
        new(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")) };

    private async Task<JsonElement> Send(HttpRequestMessage request)
    {
        using (request)
        {
            using HttpResponseMessage response = await fixture.Client.SendAsync(request);
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, text);
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    /// <summary>A server with v1 active, signing receipts as <c>validator-7</c>.</summary>
    public sealed class ReceiptServer : IAsyncLifetime
    {
        private readonly TempDirectory temp = new("serve-receipts");

        internal ServingVersions Versions { get; private set; } = null!;

        public ScoringServer Server { get; private set; } = null!;

        public HttpClient Client { get; private set; } = null!;

        internal InferenceService.InferenceServiceClient Grpc { get; private set; } = null!;

        public VerificationKey ReceiptPublicKey { get; private set; } = null!;

        public VerifiedModel Model { get; private set; } = null!;

        private global::Grpc.Net.Client.GrpcChannel channel = null!;

        public async Task InitializeAsync()
        {
            Versions = new ServingVersions(temp.Path);
            Versions.Publish("v1", seed: 11);
            Versions.Activate("v1");
            KeygenResult key = KeyGenerator.Generate(temp.Combine("receipt-keys"), SigningKeyAlgorithm.Ed25519, "receipts");
            ReceiptPublicKey = KeyFile.ReadVerificationKey(key.PublicKeyPath);
            Model = VerifiedModelLoader.Load(Path.Combine(Versions.Registry, "v1"));
            Server = await ScoringServer.StartAsync(
                new ServeOptions
                {
                    ActivePath = Versions.ActivePath,
                    RegistryRoot = Versions.Registry,
                    Keys = Versions.Keys,
                    Urls = ["http://127.0.0.1:0"],
                    GrpcUrls = ["http://127.0.0.1:0"],
                    Receipts = new ReceiptOptions(key.PrivateKeyPath, "validator-7", ChainId),
                },
                TextWriter.Null,
                TimeProvider.System);
            Client = new HttpClient { BaseAddress = new Uri(Server.Addresses[0]) };
            channel = global::Grpc.Net.Client.GrpcChannel.ForAddress(Server.GrpcAddresses[0]);
            Grpc = new InferenceService.InferenceServiceClient(channel);
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            channel.Dispose();
            await Server.DisposeAsync();
            temp.Dispose();
        }
    }
}
