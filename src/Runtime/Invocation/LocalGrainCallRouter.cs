using Microsoft.Extensions.Options;
using SessionGrains.Runtime.Activations;
using SessionGrains.Runtime.Hosting;

namespace SessionGrains.Runtime.Invocation;

/// <summary>Routes every call to this process's catalog: the single-process runtime.</summary>
internal sealed class LocalGrainCallRouter(GrainCatalog catalog, TimeProvider timeProvider, IOptions<GrainRuntimeOptions> options) : IGrainCallRouter
{
    private readonly TimeSpan _responseTimeout = options.Value.ResponseTimeout;

    public void Send(IGrainCall call)
    {
        call.StartTimeout(timeProvider, _responseTimeout);
        catalog.Dispatch(call, mayRunInline: true);
    }

    public void Reroute(IGrainCall call)
    {
        if (catalog.IsStopping)
        {
            call.Reject(new SessionGrainsException($"The grain runtime is stopping; {call.Target} cannot be activated here."));
            return;
        }

        catalog.Dispatch(call);
    }
}
