namespace PhotonRanch.Fits;

/// <summary>
/// Thrown when input is not valid FITS (truncated file, wrong block size, malformed header card,
/// tile data that overruns the heap, ...). The message says what was wrong and where.
/// </summary>
public class FitsFormatException : Exception
{
    /// <summary>Creates the exception with an empty message.</summary>
    public FitsFormatException()
    {
    }

    /// <summary>Creates the exception with a message describing the problem.</summary>
    /// <param name="message">What was wrong with the input and where.</param>
    public FitsFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the lower-level cause.</summary>
    /// <param name="message">What was wrong with the input and where.</param>
    /// <param name="innerException">The error that revealed the problem (for example a gzip stream error).</param>
    public FitsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
