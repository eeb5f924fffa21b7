namespace AcaKernels.Experiments.TimeSeries;

/// <summary>What an observation of a spiral is used for.</summary>
public enum ObservationRole
{
    /// <summary>In the training window and fitted.</summary>
    Train,
    /// <summary>In the training window but held out: measures interpolation.</summary>
    Interpolation,
    /// <summary>After the training window, held out: measures extrapolation.</summary>
    Extrapolation,
}
