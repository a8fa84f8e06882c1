using System.Text;
using System.Text.Json.Nodes;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Tests.Storage;

/// <summary>Numbers are stored as the original's DynamoDB Decimals came back: whole → integer (exact), else float.</summary>
public sealed class DynamoDbNumbersTests
{
    [Theory]
    [InlineData("1", "1")]
    [InlineData("-0", "0")]
    [InlineData("1.0", "1")]
    [InlineData("-2.000", "-2")]
    [InlineData("1e3", "1000")]
    [InlineData("1.5E+2", "150")]
    [InlineData("2.50", "2.5")]
    [InlineData("0.1", "0.1")]
    [InlineData("-105.870197", "-105.870197")]
    [InlineData("1e-7", "1E-07")]
    [InlineData("12345678901234567890123456789012345678", "12345678901234567890123456789012345678")]
    [InlineData("1.2345678901234567890123456789012345678e37", "12345678901234567890123456789012345678")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("0e999999999999", "0")]
    [InlineData("1e-999999999999", "0")]
    public void Numbers_are_written_as_the_original_returned_them(string number, string expected)
    {
        var written = Encoding.UTF8.GetString(DynamoDbNumbers.ToUtf8(JsonNode.Parse($$"""{"n":{{number}}}""")));

        Assert.Equal($$"""{"n":{{expected}}}""", written);
    }

    [Fact]
    public void The_largest_dynamodb_number_is_an_exact_integer()
    {
        var written = Encoding.UTF8.GetString(DynamoDbNumbers.ToUtf8(JsonNode.Parse("""{"n":9.9999999999999999999999999999999999999E+125}""")));

        Assert.Equal($$"""{"n":{{new string('9', 38)}}{{new string('0', 88)}}}""", written);
    }

    [Fact]
    public void Everything_but_numbers_is_kept_as_it_is()
    {
        const string json = """{"b":[true,false,null,"x \"q\" \\ / é <&>"],"a":{"z":[],"y":{}},"":"empty key"}""";
        const string withAstralCharacters = """{"moon":"🌙","stars":["✨"]}""";

        Assert.Equal(json, Encoding.UTF8.GetString(DynamoDbNumbers.ToUtf8(JsonNode.Parse(json))));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(withAstralCharacters), JsonNode.Parse(DynamoDbNumbers.ToUtf8(JsonNode.Parse(withAstralCharacters)))));
    }

    [Theory]
    [InlineData("1e401")]
    [InlineData("1e999999999999")]
    public void A_number_too_large_to_store_is_refused_as_invalid(string number)
    {
        var failure = Assert.Throws<RefusedException>(() => DynamoDbNumbers.ToUtf8(JsonNode.Parse($$"""{"n":{{number}}}""")));

        Assert.Equal(Refusal.Invalid, failure.Refusal);
    }
}
