namespace SessionGrains.Deployment.Tests.Docker;

/// <summary>One instruction of a Dockerfile, continuation lines joined: <c>COPY</c>, <c>src/</c> <c>src/</c>.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments, int Line);
