using SessionGrains.Grains;

namespace SessionGrains.Silo;

/// <summary>The silo's configuration cannot work; the message says which key to set and how.</summary>
internal sealed class SiloConfigurationException : SessionGrainsException
{
    public SiloConfigurationException()
    {
    }

    public SiloConfigurationException(string message) : base(message)
    {
    }

    public SiloConfigurationException(string message, Exception? innerException) : base(message, innerException)
    {
    }
}
