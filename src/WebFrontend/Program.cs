using SessionGrains.Grains.Hosting;
using SessionGrains.Runtime.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddGrainRuntime(runtime =>
{
    runtime.AddSessionGrains();
    runtime.AddMemoryGrainStorage();
});

var app = builder.Build();
app.MapGet("/", () => Results.Content(
    "<!doctype html><title>SessionGrains</title><h1>SessionGrains</h1><p>The runtime is up on its embedded default (one co-hosted silo, in-memory storage).</p>",
    "text/html"));
app.MapGet("/healthz", () => Results.Ok("healthy"));
app.Run();
