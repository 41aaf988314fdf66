using BenchmarkDotNet.Running;

namespace SessionGrains.Benchmarks;

public static class Program
{
    /// <summary>Runs the benchmarks chosen on the command line, for example <c>--filter '*'</c>.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
