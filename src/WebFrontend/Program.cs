using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using SessionGrains.Runtime;
using SessionGrains.WebFrontend.Api;
using SessionGrains.WebFrontend.Pages;
using SessionGrains.WebFrontend.Users;

// Content from the app's folder, so appsettings.json is found however the app is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSessionGrains(builder.Configuration);
builder.Services.AddOptions<DemoUserOptions>().BindConfiguration(DemoUserOptions.SectionName);
builder.Services.AddSingleton<DemoUserStore>();

var app = builder.Build();
app.UseExceptionHandler(errors => errors.Run(async context =>
{
    // Grains or Redis unavailable: fail fast with 503, never hang or leak details.
    var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
    context.Response.StatusCode = failure is SessionGrainsException or TimeoutException
        ? StatusCodes.Status503ServiceUnavailable
        : StatusCodes.Status500InternalServerError;
    await context.Response.WriteAsJsonAsync(new { error = "The session service is unavailable; try again shortly." });
}));
app.UseSessionGrains();
app.MapHealthChecks("/healthz", new HealthCheckOptions
{
    ResultStatusCodes = { [Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
});
app.MapSessionApi();
app.MapPages();
app.Run();

/// <summary>The entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
