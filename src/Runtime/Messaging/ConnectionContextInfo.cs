using Microsoft.Extensions.Logging;
using SessionGrains.Runtime.Invocation;
using SessionGrains.Runtime.Membership;

namespace SessionGrains.Runtime.Messaging;

/// <summary>What every outbound connection of this process shares.</summary>
internal sealed record ConnectionContextInfo(
    MessagingOptions Options,
    string ClusterId,
    string CallerName,
    IGrainCallRouter Router,
    ClusterMembership Membership,
    ILogger Logger);
