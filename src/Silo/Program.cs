using SessionGrains.Runtime.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddGrainRuntime(runtime =>
{
    runtime.AddGrains(typeof(SessionGrains.Grains.GrainsAssembly).Assembly);
    if (string.IsNullOrEmpty(builder.Configuration["SessionGrains:Redis"]))
    {
        runtime.AddMemoryGrainStorage();
    }
    else
    {
        runtime.AddRedisGrainStorage();
    }
});

await builder.Build().RunAsync();
