import type { TimerHandle } from '../clock/clock';
import { ExecutionCommandSchema, toWire, type ExecutionCommand, type ExecutionCommandBatch, type StrategyDirective } from '../domain';
import { buildBatch } from './batch-build';
import { errorText, type BatchContext, type BatchHost } from './batch-context';
import type { BatchCommandOutcome, BatchCommandStatus, BatchOutcome, BatchUnwind } from './batch-outcome';
import { unwindBatch } from './batch-unwind';
import { batchStatusOf, verdictOf } from './batch-verdict';
import { GroupWatcher, isTerminalStatus } from './batch-watch';
import type { DirectiveOutcome } from './directives';

export type { BatchHost } from './batch-context';

/**
 * Seed 003: a StrategyDirective becomes exactly one ExecutionCommandBatch
 * (mode and timeout copied from its ExecutionPolicy, INDEPENDENT without
 * one), run in that mode. Resolves when every command has ended (and, for a
 * COORDINATED batch that failed, its unwind too). Bad input is refused with
 * EngineError BAD_REQUEST before anything is journaled or run.
 */
export async function runBatch(host: BatchHost, directive: StrategyDirective, commands: readonly ExecutionCommand[]): Promise<BatchOutcome> {
  const batch = buildBatch(host.ledger, directive, commands, host.clock.now());
  return new BatchCoordinator(host, directive, batch).run();
}

type StopReason = 'TIMEOUT' | 'ABORT';

function actionOf(c: ExecutionCommand): string {
  return c.execution_plan?.action ?? 'EXECUTE_TRADE';
}

function ended(c: ExecutionCommand, status: BatchCommandStatus, message: string, planId: string | null = null, groupIds: readonly string[] = []): BatchCommandOutcome {
  return { command_id: c.command_id, status, planId, groupIds: [...groupIds], message };
}

/** One batch run. Holds only what the run needs in memory; every decision is journaled. */
export class BatchCoordinator {
  private readonly ctx: BatchContext;
  private stopReason: StopReason | null = null;
  private readonly stopped: Promise<StopReason>;
  private signalStop: (r: StopReason) => void = () => undefined;
  private readonly running = new Set<string>();

  constructor(
    private readonly host: BatchHost,
    directive: StrategyDirective,
    private readonly batch: ExecutionCommandBatch,
  ) {
    this.ctx = { host, batch, directiveId: directive.directive_id, watcher: new GroupWatcher(host.ledger) };
    this.stopped = new Promise((resolve) => (this.signalStop = resolve));
  }

  async run(): Promise<BatchOutcome> {
    const { batch } = this;
    const { ledger, clock } = this.host;
    const timeout = batch.timeout_seconds ?? null;
    try {
      this.journal('BATCH_STARTED', `${batch.commands.length} command(s), ${batch.mode}${timeout ? `, timeout ${timeout}s` : ''}`, {
        mode: batch.mode,
        timeout_seconds: timeout,
        commands: batch.commands.map((c) => toWire(ExecutionCommandSchema, c)),
      });
      let timer: TimerHandle | undefined;
      if (timeout) timer = clock.setTimeout(() => this.stop('TIMEOUT', `timeout of ${timeout}s elapsed`), timeout * 1000);
      let results: BatchCommandOutcome[];
      try {
        results = await this.runCommands();
      } finally {
        if (timer) clock.clearTimeout(timer); // the timeout bounds the commands, not the unwind after them
      }
      const timedOut = this.stopReason === 'TIMEOUT';
      let unwinds: BatchUnwind[] = [];
      if (batch.mode === 'COORDINATED' && this.stopReason !== null) ({ results, unwinds } = await unwindBatch(this.ctx, results));
      const outcome: BatchOutcome = {
        batch_id: batch.batch_id,
        directive_id: this.ctx.directiveId,
        mode: batch.mode,
        timeout_seconds: timeout,
        status: batchStatusOf(results, timedOut),
        commands: results,
        unwinds,
      };
      ledger.transaction(() => {
        for (const r of results) {
          ledger.journal.record({
            kind: 'BATCH_COMMAND',
            directiveId: this.ctx.directiveId,
            commandId: r.command_id,
            ...(r.planId ? { planId: r.planId } : {}),
            ...(r.groupIds.length === 1 ? { groupId: r.groupIds[0] } : {}),
            message: `${batch.batch_id}: ${r.command_id} ${r.status}: ${r.message}`,
            data: { batch_id: batch.batch_id, status: r.status, group_ids: r.groupIds },
          });
        }
        this.journal('BATCH_FINISHED', outcome.status, {
          status: outcome.status,
          commands: results.map((r) => ({ ...r })),
          unwinds: unwinds.map((u) => ({ ...u, quantity: u.quantity.toFixed() })),
        });
      });
      return outcome;
    } finally {
      this.ctx.watcher.close();
    }
  }

  private journal(kind: string, message: string, data: Record<string, unknown>): void {
    this.host.ledger.journal.record({
      kind,
      directiveId: this.ctx.directiveId,
      message: `${this.batch.batch_id}: ${message}`,
      data: { batch_id: this.batch.batch_id, ...data },
    });
  }

  /** Timeout, or a COORDINATED failure: running commands are cancelled, unstarted ones skipped. */
  private stop(reason: StopReason, why: string): void {
    if (this.stopReason !== null) return;
    this.stopReason = reason;
    this.journal(reason === 'TIMEOUT' ? 'BATCH_TIMED_OUT' : 'BATCH_ABORTED', why, { running: [...this.running] });
    this.signalStop(reason);
  }

  private async runCommands(): Promise<BatchCommandOutcome[]> {
    const commands = this.batch.commands;
    switch (this.batch.mode) {
      case 'INDEPENDENT':
        // Fire all; a failure is recorded and concerns no one else.
        return Promise.all(commands.map((c) => this.runCommand(c)));
      case 'COORDINATED':
        return Promise.all(
          commands.map(async (c) => {
            const r = await this.runCommand(c);
            if (r.status === 'FAILED') this.stop('ABORT', `${c.command_id} failed: ${r.message}`);
            return r;
          }),
        );
      case 'SEQUENTIAL': {
        const results: BatchCommandOutcome[] = [];
        let failed: BatchCommandOutcome | undefined;
        for (const c of commands) {
          const r =
            failed && this.stopReason === null ? ended(c, 'SKIPPED', `not run: ${failed.command_id} ended ${failed.status}`) : await this.runCommand(c);
          results.push(r);
          failed ??= r.status === 'SUCCEEDED' ? undefined : r;
        }
        return results;
      }
    }
  }

  private async runCommand(c: ExecutionCommand): Promise<BatchCommandOutcome> {
    if (this.stopReason !== null) {
      return ended(c, 'SKIPPED', this.stopReason === 'TIMEOUT' ? 'not started: the batch timed out' : 'not started: the batch was aborted');
    }
    this.running.add(c.command_id);
    try {
      return await this.drive(c);
    } finally {
      this.running.delete(c.command_id);
    }
  }

  /**
   * Run one command and wait for its end. A refusal fails it at once.
   * Cancels and modifications succeed when run() returns (their effect is
   * applied by then); trades when their groups end well (verdictOf).
   */
  private async drive(c: ExecutionCommand): Promise<BatchCommandOutcome> {
    let out: DirectiveOutcome;
    try {
      out = await this.host.run(c);
    } catch (e) {
      return ended(c, 'FAILED', `refused: ${errorText(e)}`);
    }
    const watched = actionOf(c) === 'EXECUTE_TRADE' ? out.groupIds : [];
    if (watched.length === 0) return ended(c, 'SUCCEEDED', out.summary, out.planId, out.groupIds);
    const groupsEnded = Promise.all(watched.map((g) => this.ctx.watcher.terminal(g)));
    const stopped = await Promise.race([groupsEnded.then(() => null), this.stopped]);
    if (stopped !== null) {
      const { cancelled, errors } = await this.cancelUnfinished(watched);
      if (cancelled.length > 0 || errors.length > 0) {
        const why = stopped === 'TIMEOUT' ? 'the batch timed out' : 'the batch was aborted';
        const detail = [cancelled.length > 0 ? `cancelled ${cancelled.join(', ')}` : '', ...errors].filter(Boolean).join('; ');
        return ended(c, stopped === 'TIMEOUT' ? 'TIMED_OUT' : 'CANCELLED', `${why}: ${detail}`, out.planId, out.groupIds);
      }
      // Every group had already ended on its own: judged like any other.
    }
    const verdict = verdictOf(await groupsEnded, c.execution_plan?.min_fill_ratio);
    return ended(c, verdict.ok ? 'SUCCEEDED' : 'FAILED', verdict.message, out.planId, out.groupIds);
  }

  private async cancelUnfinished(groupIds: readonly string[]): Promise<{ cancelled: string[]; errors: string[] }> {
    const { ledger } = this.host;
    const open = groupIds.filter((g) => {
      const view = ledger.getGroup(g);
      return view !== undefined && !isTerminalStatus(view.status);
    });
    const errors: string[] = [];
    await Promise.all(open.map((g) => this.host.cancelGroup(g).catch((e: unknown) => errors.push(`cancel of ${g} failed: ${errorText(e)}`))));
    return { cancelled: open, errors };
  }
}
