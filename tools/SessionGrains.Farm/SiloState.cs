namespace SessionGrains.Farm;

/// <summary>
/// One silo's row in Orleans' membership table: its port, generation, gateway port, status (Orleans'
/// <c>SiloStatus</c> by name), how many suspicions it carries and when it last said it was alive.
/// </summary>
public sealed record SiloState(int Port, int Generation, int GatewayPort, string Status, int Suspicions, DateTimeOffset IAmAliveTime)
{
    public const string Active = "Active";

    public const string Dead = "Dead";

    /// <summary>Orleans' <c>SiloStatus</c> values as the table stores them (numbers), by name.</summary>
    public static string StatusName(int status) => status switch
    {
        0 => "None",
        1 => "Created",
        2 => "Joining",
        3 => Active,
        4 => "ShuttingDown",
        5 => "Stopping",
        6 => Dead,
        _ => "Status" + status,
    };

    public override string ToString() => $"{Port} {Status}{(Suspicions > 0 ? $" ({Suspicions} suspicions)" : "")}";
}
