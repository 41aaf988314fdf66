using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using SessionGrains.WebFrontend.Api;
using SessionGrains.WebFrontend.Errors;
using SessionGrains.WebFrontend.Pages;
using SessionGrains.WebFrontend.Users;

// Content from the app's folder, so appsettings.json is found however the app is started.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddSessionGrains(builder.Configuration);
builder.Services.AddOptions<DemoUserOptions>().BindConfiguration(DemoUserOptions.SectionName);
builder.Services.AddSingleton<DemoUserStore>();
builder.Services.AddExceptionHandler<SessionServiceUnavailableHandler>();

var app = builder.Build();
app.UseExceptionHandler(errors => errors.Run(async context =>
{
    // Anything the handler above did not take: a bug, never details.
    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
    await context.Response.WriteAsJsonAsync(new { error = "Something went wrong; try again." });
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
