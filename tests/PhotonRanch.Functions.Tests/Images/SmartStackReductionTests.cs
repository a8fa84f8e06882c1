using System.Text.Json;
using PhotonRanch.Functions.Images;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>The smart-stack reduction is pure: packages in, the ones that are not superseded out, in order.</summary>
public sealed class SmartStackReductionTests
{
    [Fact]
    public void Only_the_highest_frame_of_each_digit_stack_is_kept()
    {
        var packages = new[]
        {
            Package(1, "\"7\"", "\"3\""),
            Package(2, "\"7\"", "\"1\""),
            Package(3, "\"8\"", "\"2\""),
            Package(4, "\"7\"", "\"2\""),
            Package(5, "\"8\"", "\"5\""),
        };

        Assert.Equal([1, 5], Ids(SmartStackReduction.KeepFinalStacks(packages)));
    }

    [Fact]
    public void Frames_sharing_the_highest_number_are_all_kept()
    {
        var packages = new[] { Package(1, "\"7\"", "\"3\""), Package(2, "\"7\"", "\"3\""), Package(3, "\"7\"", "\"2\"") };

        Assert.Equal([1, 2], Ids(SmartStackReduction.KeepFinalStacks(packages)));
    }

    [Fact]
    public void A_higher_frame_later_in_the_list_drops_the_earlier_ones()
    {
        var packages = new[] { Package(1, "\"7\"", "\"1\""), Package(2, "\"x\"", "\"1\""), Package(3, "\"7\"", "\"2\""), Package(4, "\"7\"", "\"2\"") };

        Assert.Equal([2, 3, 4], Ids(SmartStackReduction.KeepFinalStacks(packages)));
    }

    [Theory]
    [InlineData("\"no\"", "\"1\"")]
    [InlineData("\"\"", "\"1\"")]
    [InlineData("\"abc\"", "\"1\"")]
    [InlineData("\"7a\"", "\"1\"")]
    [InlineData("\"-7\"", "\"1\"")]
    [InlineData("\"7\"", "\"\"")]
    [InlineData("\"7\"", "\"x\"")]
    [InlineData("\"7\"", "\"1.5\"")]
    [InlineData("\"7\"", "\"-1\"")]
    [InlineData("\"7\"", "null")]
    [InlineData("\"7\"", "1.5")]
    [InlineData("\"7\"", "true")]
    [InlineData("null", "\"1\"")]
    [InlineData("\"٣\"", "\"1\"")]
    public void Packages_that_are_not_digit_stack_frames_are_kept_whatever_else_is_there(string smartStack, string number)
    {
        var packages = new[] { Package(1, "\"7\"", "\"9\""), Package(2, smartStack, number), Package(3, "\"7\"", "\"8\"") };

        Assert.Equal([1, 2], Ids(SmartStackReduction.KeepFinalStacks(packages)));
    }

    [Fact]
    public void Numbers_compare_by_value_not_text_and_any_length_works()
    {
        var packages = new[]
        {
            Package(1, "\"7\"", "\"9\""),
            Package(2, "\"7\"", "\"10\""),
            Package(3, "\"7\"", "\"0010\""),
            Package(4, "\"9\"", "\"123456789012345678901234567890\""),
            Package(5, "\"9\"", "\"123456789012345678901234567891\""),
        };

        Assert.Equal([2, 3, 5], Ids(SmartStackReduction.KeepFinalStacks(packages)));
    }

    [Fact]
    public void Integer_json_numbers_count_as_digit_strings()
    {
        var packages = new[] { Package(1, "7", "2"), Package(2, "7", "3"), Package(3, "\"7\"", "\"1\"") };

        Assert.Equal([2], Ids(SmartStackReduction.KeepFinalStacks(packages)));
    }

    [Fact]
    public void Stacks_are_told_apart_by_their_exact_text()
    {
        var packages = new[] { Package(1, "\"07\"", "\"1\""), Package(2, "\"7\"", "\"2\"") };

        Assert.Equal([1, 2], Ids(SmartStackReduction.KeepFinalStacks(packages)));
    }

    [Fact]
    public void An_empty_list_stays_empty()
    {
        Assert.Empty(SmartStackReduction.KeepFinalStacks([]));
    }

    private static List<int> Ids(IReadOnlyList<ImagePackage> packages) => packages.Select(p => p.ImageId).ToList();

    private static ImagePackage Package(int id, string smartStackJson, string numberJson)
    {
        var header = JsonDocument.Parse($$"""{"SMARTSTK": {{smartStackJson}}, "SSTKNUM": {{numberJson}}}""").RootElement.Clone();
        var row = new ImageRow(id, $"tst-a-20220101-{id:D8}", "EX", "tst", null, null, null, null, false, false, true, false, null, null, null, null, null, null, null, null);
        return ImagePackage.Create(row, header, string.Empty, string.Empty);
    }
}
