using SessionGrains.Silo;

try
{
    // The content root is the executable's folder, so appsettings.json is found whatever the working directory.
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddSiloHost();
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception exception) when (exception is SiloConfigurationException or Microsoft.Extensions.Options.OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"The silo cannot start: {exception.Message}");
    return 2;
}
catch (Exception exception)
{
    await Console.Error.WriteLineAsync($"The silo failed: {exception}");
    return 1;
}
