namespace SessionGrains.Runtime.Messaging;

/// <summary>How a request ended, in a response frame.</summary>
internal enum ResponseStatus : byte
{
    /// <summary>The body holds the result as JSON.</summary>
    Success = 0,

    /// <summary>The body holds the exception's type and message.</summary>
    Exception = 1,

    /// <summary>The silo does not own the grain in its view; the body holds that view's version. Nothing ran: retry.</summary>
    NotOwner = 2,
}
