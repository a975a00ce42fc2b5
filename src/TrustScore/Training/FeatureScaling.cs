namespace TrustScore.Training;

/// <summary>
/// Feature scaling from the config's <c>features</c> section (<c>normalize_features</c>,
/// <c>feature_scaling</c>). Statistics come from the training split only and travel with the
/// model (docs/numerics-training.md §6).
/// </summary>
public enum FeatureScaling
{
    /// <summary>No scaling (<c>normalize_features: false</c>).</summary>
    None,

    /// <summary>(x − mean) / population standard deviation (1 where it is 0).</summary>
    Standard,

    /// <summary>(x − min) / (max − min) (1 where the range is 0).</summary>
    MinMax,

    /// <summary>(x − median) / (q75 − q25), linear-interpolated quantiles (1 where the IQR is 0).</summary>
    Robust,
}
