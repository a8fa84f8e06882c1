namespace PhotonRanch.Fits;

/// <summary>A complex header value, written "(real, imaginary)" (FITS Standard 4.0 §4.2.5 and §4.2.6).</summary>
/// <param name="Real">The real part.</param>
/// <param name="Imaginary">The imaginary part.</param>
public readonly record struct FitsComplex(double Real, double Imaginary);
