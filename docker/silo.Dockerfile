# The silo host. Build from the repository root: docker build -f docker/silo.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props NuGet.config ./
COPY src/Runtime/SessionGrains.Runtime.csproj src/Runtime/
COPY src/Grains/SessionGrains.Grains.csproj src/Grains/
COPY src/Silo/SessionGrains.Silo.csproj src/Silo/
RUN dotnet restore src/Silo/SessionGrains.Silo.csproj
COPY src/Runtime/ src/Runtime/
COPY src/Grains/ src/Grains/
COPY src/Silo/ src/Silo/
RUN dotnet publish src/Silo/SessionGrains.Silo.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV SessionGrains__Silo__Port=11111 \
    SessionGrains__Silo__AdvertisedHost=auto
EXPOSE 11111
USER app
ENTRYPOINT ["dotnet", "SessionGrains.Silo.dll"]
