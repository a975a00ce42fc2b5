using System.Text.Json;
using System.Text.Json.Nodes;
using TrustScore.Consensus.Json;
using TrustScore.Errors;

namespace TrustScore.Evaluation;

/// <summary>
/// The per-epoch curves of a training run, read from training_history.json (runbook §1.4) for
/// the report's loss chart. Accepted shapes: an array of epoch objects
/// (<c>epoch</c>, <c>loss</c>, <c>val_loss</c>, <c>mae</c>, <c>val_mae</c>, <c>lr</c>), the same
/// array under an <c>epochs</c> or <c>history</c> key, or Keras' dictionary of per-metric lists.
/// </summary>
/// <param name="Epochs">Epochs in file order.</param>
public sealed record TrainingHistory(IReadOnlyList<TrainingEpoch> Epochs)
{
    /// <summary>Reads <paramref name="path"/>; throws <see cref="BadInputException"/> naming the file when it is missing or malformed.</summary>
    public static TrainingHistory Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new BadInputException($"Training history {path} does not exist.");
        }

        try
        {
            return Parse(StrictJson.ParseNode(File.ReadAllText(path)), path);
        }
        catch (JsonException ex)
        {
            throw new BadInputException($"Training history {path} is not valid JSON ({ex.Message}).", ex);
        }
    }

    /// <summary>Parses an already-read document; <paramref name="source"/> names it in errors.</summary>
    public static TrainingHistory Parse(JsonNode? root, string source)
    {
        if (root is JsonObject obj)
        {
            if (obj["epochs"] is JsonArray epochs)
            {
                return FromEntries(epochs, source);
            }

            if (obj["history"] is JsonArray history)
            {
                return FromEntries(history, source);
            }

            return FromKerasLists(obj, source);
        }

        if (root is JsonArray array)
        {
            return FromEntries(array, source);
        }

        throw new BadInputException($"Training history {source} must be a JSON array of epochs or an object.");
    }

    private static TrainingHistory FromEntries(JsonArray entries, string source)
    {
        var epochs = new List<TrainingEpoch>();
        for (int i = 0; i < entries.Count; i++)
        {
            if (entries[i] is not JsonObject e)
            {
                throw new BadInputException($"Training history {source}: entry {i} is not an object.");
            }

            double? epoch = Number(e, "epoch", source, i);
            epochs.Add(new TrainingEpoch(
                epoch is null ? i + 1 : (int)epoch.Value,
                Number(e, "loss", source, i),
                Number(e, "val_loss", source, i),
                Number(e, "mae", source, i),
                Number(e, "val_mae", source, i),
                Number(e, "lr", source, i)));
        }

        return new TrainingHistory(epochs);
    }

    private static TrainingHistory FromKerasLists(JsonObject lists, string source)
    {
        int count = lists.Select(p => p.Value is JsonArray a ? a.Count : 0).DefaultIfEmpty(0).Max();
        double? At(string key, int i)
        {
            if (lists[key] is not JsonArray a || i >= a.Count)
            {
                return null;
            }

            return a[i] is JsonValue v && v.TryGetValue(out double d)
                ? d
                : throw new BadInputException($"Training history {source}: {key}[{i}] is not a number.");
        }

        var epochs = new List<TrainingEpoch>(count);
        for (int i = 0; i < count; i++)
        {
            epochs.Add(new TrainingEpoch(i + 1, At("loss", i), At("val_loss", i), At("mae", i), At("val_mae", i), At("lr", i)));
        }

        return new TrainingHistory(epochs);
    }

    private static double? Number(JsonObject entry, string key, string source, int index)
    {
        var node = entry[key];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue v && v.TryGetValue(out double d)
            ? d
            : throw new BadInputException($"Training history {source}: '{key}' of entry {index} is not a number.");
    }
}
