namespace SessionGrains.Runtime.Messaging;

/// <summary>The first byte of every frame's body.</summary>
internal enum MessageType : byte
{
    Handshake = 1,
    HandshakeAccepted = 2,
    Request = 3,
    Response = 4,
    Cancel = 5,
}
