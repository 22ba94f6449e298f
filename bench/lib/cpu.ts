import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time used by a process during a run, to tell which side was the bottleneck: a server at
 * ~100 % of one core is saturated; a load generator at ~100 % means the figure is autocannon's
 * ceiling, not the server's.
 */

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime of a process from /proc/<pid>/stat, in milliseconds (Linux only). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is the 1st, utime the 12th, stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks();
}

/**
 * CPU time spent in processes on the whole machine (all cores), from the first line of /proc/stat,
 * in ms: user + nice + system. Interrupt time (the loopback network's softirqs) is left out, as it
 * is charged to no process.
 */
export function systemBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal …
  const [user = 0, nice = 0, system = 0] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user + nice + system) * 1000) / clockTicks();
}

export interface CpuUse {
  /** Percent of one core: the server, this process (autocannon), and everything else on the machine. */
  serverPct: number;
  loadGeneratorPct: number;
  otherPct: number;
  /** CPU time of the server process over the run, in ms (NaN without a pid). */
  serverMs: number;
}

export interface CpuMeter {
  stop(): CpuUse;
}

export function startCpuMeter(serverPid: number | undefined): CpuMeter {
  const wallStart = performance.now();
  const serverStart = serverPid === undefined ? 0 : processCpuMs(serverPid);
  const selfStart = process.cpuUsage();
  const systemStart = systemBusyMs();
  return {
    stop() {
      const wall = performance.now() - wallStart;
      const self = process.cpuUsage(selfStart);
      const serverMs = serverPid === undefined ? Number.NaN : processCpuMs(serverPid) - serverStart;
      const selfMs = (self.user + self.system) / 1000;
      const otherMs = Math.max(0, systemBusyMs() - systemStart - (serverMs || 0) - selfMs);
      return {
        serverMs,
        serverPct: (serverMs / wall) * 100,
        loadGeneratorPct: (selfMs / wall) * 100,
        otherPct: (otherMs / wall) * 100,
      };
    },
  };
}

/** How busy the machine is without us: percent of one core used by other processes over `ms`. */
export async function backgroundCpuPct(ms = 1_000): Promise<number> {
  const meter = startCpuMeter(undefined);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const use = meter.stop();
  return use.otherPct + use.loadGeneratorPct;
}
