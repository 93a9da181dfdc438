/**
 * The environment for a spawned tool that runs none of our code (the m365 CLI, an SDK client program,
 * python, curl): `env` without c8's coverage. Node hands its own NODE_V8_COVERAGE to every child whatever
 * `env` says, unless `env` has the variable itself (https://github.com/nodejs/node/blob/v22.x/lib/child_process.js,
 * normalizeSpawnArguments), and a Node started with it runs with block coverage and writes its whole
 * coverage at exit: each m365 spawn took 4.6 s of CPU instead of 2.7 s and wrote 19 MB that c8 then read.
 * An empty value is "not set" for Node. Spawns of the CLI or of dist/ keep the coverage (test/helpers/spawn-cli.ts).
 */
export const foreignEnv = (env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv => ({ ...env, NODE_V8_COVERAGE: '' });
