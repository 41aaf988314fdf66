using System.Text;
using SessionGrains.Runtime.Redis.Resp;

namespace SessionGrains.Runtime.Tests.Redis;

public sealed class RespParserTests
{
    [Theory]
    [InlineData("+OK\r\n", nameof(RespReplyKind.SimpleString), "OK")]
    [InlineData("-NOSCRIPT No matching script.\r\n", nameof(RespReplyKind.Error), "NOSCRIPT No matching script.")]
    [InlineData("$5\r\nhe\r\no\r\n", nameof(RespReplyKind.BulkString), "he\r\no")]
    [InlineData("$0\r\n\r\n", nameof(RespReplyKind.BulkString), "")]
    public void TryRead_TextReply_ReadsKindAndText(string input, string kind, string text)
    {
        // Act
        var complete = RespParser.TryRead(Encoding.UTF8.GetBytes(input), out var reply, out var consumed);

        // Assert
        Assert.True(complete);
        Assert.Equal(input.Length, consumed);
        Assert.Equal(kind, reply.Kind.ToString());
        Assert.Equal(text, reply.Text);
    }

    [Theory]
    [InlineData(":0\r\n", 0)]
    [InlineData(":-2\r\n", -2)]
    [InlineData(":9223372036854775807\r\n", long.MaxValue)]
    public void TryRead_Integer_ReadsValue(string input, long value)
    {
        Assert.True(RespParser.TryRead(Encoding.ASCII.GetBytes(input), out var reply, out _));
        Assert.Equal(RespReplyKind.Integer, reply.Kind);
        Assert.Equal(value, reply.Integer);
    }

    [Theory]
    [InlineData("$-1\r\n")]
    [InlineData("*-1\r\n")]
    public void TryRead_NullBulkStringOrArray_IsNull(string input)
    {
        Assert.True(RespParser.TryRead(Encoding.ASCII.GetBytes(input), out var reply, out _));
        Assert.True(reply.IsNull);
    }

    [Fact]
    public void TryRead_NestedArray_ReadsEveryElement()
    {
        // Arrange: what the write script returns on a conflict, inside an outer array.
        var input = Encoding.ASCII.GetBytes("*2\r\n*2\r\n:0\r\n$8\r\n12345678\r\n$-1\r\n");

        // Act
        Assert.True(RespParser.TryRead(input, out var reply, out var consumed));

        // Assert
        Assert.Equal(input.Length, consumed);
        var inner = reply.Items![0].Items!;
        Assert.Equal(0, inner[0].Integer);
        Assert.Equal("12345678", inner[1].Text);
        Assert.True(reply.Items[1].IsNull);
    }

    [Fact]
    public void TryRead_EveryPrefixOfAReply_IsIncompleteAndConsumesNothing()
    {
        var input = Encoding.ASCII.GetBytes("*3\r\n:1\r\n$3\r\nabc\r\n+OK\r\n");
        for (var length = 0; length < input.Length; length++)
        {
            Assert.False(RespParser.TryRead(input.AsSpan(0, length), out _, out var consumed), $"{length} bytes read as a whole reply.");
            Assert.Equal(0, consumed);
        }
    }

    [Fact]
    public void TryRead_SeveralRepliesInOneBuffer_ReadsThemInOrder()
    {
        // Arrange
        var input = Encoding.ASCII.GetBytes(":1\r\n$1\r\nb\r\n+c\r\n");
        var texts = new List<string>();

        // Act
        var start = 0;
        while (RespParser.TryRead(input.AsSpan(start), out var reply, out var consumed))
        {
            texts.Add(reply.Kind == RespReplyKind.Integer ? reply.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture) : reply.Text!);
            start += consumed;
        }

        // Assert
        Assert.Equal(["1", "b", "c"], texts);
        Assert.Equal(input.Length, start);
    }

    [Theory]
    [InlineData("?what\r\n", "unknown type")]
    [InlineData(":12a\r\n", "malformed integer")]
    [InlineData("$-5\r\n", "bulk string of length -5")]
    [InlineData("$3\r\nabcde\r\n", "not followed by CRLF")]
    [InlineData("*-3\r\n", "array of length -3")]
    public void TryRead_NotResp_ThrowsProtocolException(string input, string problem)
    {
        var error = Assert.Throws<RespProtocolException>(() => RespParser.TryRead(Encoding.ASCII.GetBytes(input), out _, out _));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void TryRead_LineWithoutEndPastTheLimit_ThrowsProtocolException()
    {
        var input = Encoding.ASCII.GetBytes("+" + new string('x', 70_000));
        Assert.Throws<RespProtocolException>(() => RespParser.TryRead(input, out _, out _));
    }
}
