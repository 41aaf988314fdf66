# The web front end: an Orleans client of the silos (SessionGrains:Mode=Client) or a co-hosted silo (Mode=Silo).
# Build from the repository root: docker build -f docker/frontend.Dockerfile .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props NuGet.config ./
COPY src/Grains/SessionGrains.Grains.csproj src/Grains/
COPY src/AspNetCore/SessionGrains.AspNetCore.csproj src/AspNetCore/
COPY src/WebFrontend/SessionGrains.WebFrontend.csproj src/WebFrontend/
RUN dotnet restore src/WebFrontend/SessionGrains.WebFrontend.csproj
COPY src/Grains/ src/Grains/
COPY src/AspNetCore/ src/AspNetCore/
COPY src/WebFrontend/ src/WebFrontend/
RUN dotnet publish src/WebFrontend/SessionGrains.WebFrontend.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
USER app
ENTRYPOINT ["dotnet", "SessionGrains.WebFrontend.dll"]
