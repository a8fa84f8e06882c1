namespace PhotonRanch.Fits.Tests;

/// <summary>The synthetic test images must be the same in every run, so their seeds come from a stable hash.</summary>
public sealed class TestImagesTests
{
    [Theory]
    [InlineData("", 0x811C9DC5u)]
    [InlineData("a", 0xE40C292Cu)]
    [InlineData("foobar", 0xBF9CF968u)]
    public void StableHashIsFnv1a(string text, uint expected)
    {
        // Reference values of the 32-bit FNV-1a test suite (Fowler, Noll, Vo; draft-eastlake-fnv).
        Assert.Equal(expected, TestImages.StableHash(text));
    }
}
