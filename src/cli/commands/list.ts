import type { Command } from 'commander';
import { InvalidConfig } from '../../core/errors.js';
import { registry, make, makeParallel } from '../../registry/registry.js';
import { listPolicies, policiesFor } from '../../policy/policyRegistry.js';
import { loadEnvs } from '../loadEnvs.js';
import { formatTable } from '../table.js';

interface EnvRow {
  id: string;
  description: string;
  observationSpace: string;
  actionSpace: string;
  maxEpisodeSteps: number | null;
  multiAgent: boolean;
  policies: string[];
}

/** Builds each registered env once to read its spaces. */
function describeEnvs(): EnvRow[] {
  const rows: EnvRow[] = [];
  for (const [id, s] of [...registry.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    let obs = '(depends on kwargs)';
    let act = '(depends on kwargs)';
    try {
    if (s.parallel) {
      const env = makeParallel(id);
      const agent = env.possibleAgents[0];
      if (agent !== undefined) {
        obs = `${env.possibleAgents.length} agents x ${env.observationSpace(agent).toString()}`;
        act = `${env.possibleAgents.length} agents x ${env.actionSpace(agent).toString()}`;
      }
      env.close();
    } else {
      const env = make(id);
      obs = env.observationSpace.toString();
      act = env.actionSpace.toString();
      env.close();
    }
    } catch (e) {
      // envs that need kwargs (e.g. TrafficNetwork-v0's network) have no default spaces
      if (!(e instanceof InvalidConfig)) throw e;
    }
    rows.push({
      id,
      description: s.description ?? '',
      observationSpace: obs,
      actionSpace: act,
      maxEpisodeSteps: s.maxEpisodeSteps ?? null,
      multiAgent: s.parallel ?? false,
      policies: policiesFor(id),
    });
  }
  return rows;
}

/** `tsgym list [--json]`: environments with their spaces and descriptions, and baseline policies. */
export function register(program: Command): void {
  program
    .command('list')
    .description('list registered environments (with spaces) and baseline policies')
    .option('--json', 'print one JSON object on stdout')
    .action(async (opts: { json?: boolean }) => {
      await loadEnvs();
      const envs = describeEnvs();
      const policies = listPolicies().map((p) => ({ name: p.name, description: p.description, envs: envs.filter((e) => p.appliesTo(e.id)).map((e) => e.id) }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ envs, policies })}\n`);
        return;
      }
      process.stdout.write(
        `Environments\n${formatTable(
          ['id', 'observation space', 'action space', 'limit', 'description'],
          envs.map((e) => [e.id, e.observationSpace, e.actionSpace, e.maxEpisodeSteps === null ? '-' : String(e.maxEpisodeSteps), e.description]),
        )}\n\n`,
      );
      process.stdout.write(
        `Policies (tsgym eval --policy NAME, or a run directory)\n${formatTable(
          ['policy', 'environments', 'description'],
          policies.map((p) => [p.name, p.envs.length === envs.length ? 'all' : p.envs.join(', '), p.description]),
        )}\n`,
      );
    });
}
