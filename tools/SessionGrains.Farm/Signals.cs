using System.Runtime.InteropServices;

namespace SessionGrains.Farm;

/// <summary>POSIX signals to a process id, as <c>kill -TERM</c> sends them, without starting a <c>kill</c> process.</summary>
internal static class Signals
{
    private const int SigHup = 1;
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;

    /// <summary>Sends SIGTERM: the process stops gracefully, as under <c>docker stop</c> or systemd.</summary>
    public static void Terminate(int processId) => Send(processId, SigTerm, "SIGTERM");

    /// <summary>Sends SIGHUP: nginx reloads its configuration, its old workers finishing their requests first.</summary>
    public static void Hangup(int processId) => Send(processId, SigHup, "SIGHUP");

    /// <summary>Sends SIGSTOP: the process freezes, its sockets open and silent. Linux's signal numbers.</summary>
    public static void Stop(int processId) => Send(processId, SigStop, "SIGSTOP");

    /// <summary>Sends SIGCONT: a stopped process goes on.</summary>
    public static void Continue(int processId) => Send(processId, SigCont, "SIGCONT");

    private static void Send(int processId, int signal, string name)
    {
        if (kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, {name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
