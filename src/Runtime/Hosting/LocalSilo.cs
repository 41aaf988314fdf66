using SessionGrains.Runtime.Membership;

namespace SessionGrains.Runtime.Hosting;

/// <summary>This process's silo: its address is known once the listener has bound its port.</summary>
internal sealed class LocalSilo
{
    private SiloAddress? _address;

    public SiloAddress Address => _address ?? throw new InvalidOperationException("The silo has not started listening yet.");

    public bool IsStarted => _address is not null;

    /// <summary>Set when this silo was declared dead or killed: it must not leave gracefully or write anything more.</summary>
    public bool IsDead { get; set; }

    public void SetAddress(SiloAddress address) => _address = address;
}
