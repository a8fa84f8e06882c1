namespace PhotonRanch.Fits;

/// <summary>
/// Thrown when the input is valid FITS but uses a feature this library does not implement
/// (for example the PLIO_1 tile compression algorithm). It derives from <see cref="FitsFormatException"/>
/// so callers can handle all unreadable input in one place.
/// </summary>
public sealed class FitsNotSupportedException : FitsFormatException
{
    /// <summary>Creates the exception with an empty message.</summary>
    public FitsNotSupportedException()
    {
    }

    /// <summary>Creates the exception with a message naming the unsupported feature.</summary>
    /// <param name="message">The unsupported feature and where it was found.</param>
    public FitsNotSupportedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the lower-level cause.</summary>
    /// <param name="message">The unsupported feature and where it was found.</param>
    /// <param name="innerException">The underlying error.</param>
    public FitsNotSupportedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
