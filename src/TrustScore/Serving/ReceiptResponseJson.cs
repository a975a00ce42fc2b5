using System.Text.Json;
using TrustScore.Receipts;

namespace TrustScore.Serving;

/// <summary>
/// The receipt part of a scoring response (docs/serving.md "Receipts from the service"):
/// <c>"receipt": {…}</c> for a one-row request, <c>"receipts": [{…}, …]</c> in row order for more.
/// Nothing is written when the service signs no receipts.
/// </summary>
internal static class ReceiptResponseJson
{
    public static void Write(Utf8JsonWriter w, IReadOnlyList<InferenceReceipt>? receipts)
    {
        if (receipts is null)
        {
            return;
        }

        if (receipts.Count == 1)
        {
            w.WritePropertyName("receipt");
            ReceiptJson.Write(w, receipts[0]);
            return;
        }

        w.WriteStartArray("receipts");
        foreach (InferenceReceipt receipt in receipts)
        {
            ReceiptJson.Write(w, receipt);
        }

        w.WriteEndArray();
    }
}
