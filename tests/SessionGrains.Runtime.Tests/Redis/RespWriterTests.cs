using System.Text;
using SessionGrains.Runtime.Redis.Resp;

namespace SessionGrains.Runtime.Tests.Redis;

public sealed class RespWriterTests
{
    [Fact]
    public void Write_TextBytesAndIntegers_WritesAnArrayOfBulkStrings()
    {
        // Arrange: a multi-byte character, raw bytes with a CR in them, and a negative integer.
        RespArgument[] command = ["SET", "clé", new byte[] { 0, 13, 255 }, -1, 1234567890123L];

        // Act
        var buffer = new byte[RespWriter.GetByteCount(command)];
        var written = RespWriter.Write(command, buffer);

        // Assert
        Assert.Equal(buffer.Length, written);
        var expected = "*5\r\n$3\r\nSET\r\n$4\r\nclé\r\n$3\r\n\0\r\xff\r\n$2\r\n-1\r\n$13\r\n1234567890123\r\n";
        Assert.Equal(Encoding.Latin1.GetBytes(expected.Replace("clé", Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("clé")))), buffer);
    }

    [Fact]
    public void GetByteCount_ArgumentOfTenOrMoreBytes_CountsEveryDigitOfItsLength()
    {
        // Arrange
        RespArgument[] command = [new string('a', 10), new byte[100]];

        // Act
        var buffer = new byte[RespWriter.GetByteCount(command)];

        // Assert: "*2\r\n" + "$10\r\n" + 10 + "\r\n" + "$100\r\n" + 100 + "\r\n"
        Assert.Equal(4 + 5 + 10 + 2 + 6 + 100 + 2, buffer.Length);
        Assert.Equal(buffer.Length, RespWriter.Write(command, buffer));
    }
}
