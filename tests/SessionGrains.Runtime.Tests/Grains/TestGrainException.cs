namespace SessionGrains.Runtime.Tests.Grains;

/// <summary>An exception only test grains throw, so a test can tell it from anything the runtime throws.</summary>
public sealed class TestGrainException : Exception
{
    public TestGrainException()
    {
    }

    public TestGrainException(string message) : base(message)
    {
    }

    public TestGrainException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
