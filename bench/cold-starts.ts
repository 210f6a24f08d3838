// Each function's bundle and cold import, with the Powertools Tracer off (as deployed by default), on,
// and bundled but not loaded (the alternative to leaving it out), against a skeleton of its own.
import { statSync } from 'node:fs';
import { FUNCTION_FILES, functionFilePath } from '../infra/constructs/service-function';
import { bundle, bundleSkeleton, coldImportMs, sdkBytes, sdkClientsOf, serviceEntry, tracerBytes, type TracerBuild } from './bundles';
import { median, ms } from './stats';

/** Issue 17 item 5: with the Tracer off, at most this much beyond the SDK clients, and this ratio to the skeleton. */
export const TARGET_BEYOND_SDK_BYTES = 100 * 1024;
export const TARGET_COLD_RATIO = 1.3;

interface BuildFigures {
  bytes: number;
  beyondSdk: number;
  tracer: number;
  coldMs: number;
}

export interface FunctionFigures {
  service: string;
  clients: string[];
  skeletonMs: number;
  builds: Record<TracerBuild, BuildFigures>;
  /** Files read beside the bundle when first needed (the API document), in bytes. */
  filesBytes: number;
}

const BUILDS: readonly TracerBuild[] = ['off', 'on', 'lazy'];

/** Bundles each service three ways and times fresh processes importing each, interleaved with its skeleton. */
export const measureFunctions = async (services: readonly string[], env: Record<string, string>, coldRuns: number, outdir: string): Promise<FunctionFigures[]> => {
  const figures: FunctionFigures[] = [];
  for (const service of services) {
    const bundles = Object.fromEntries(await Promise.all(BUILDS.map(async (build) => [build, await bundle(`${service}-tracer-${build}`, serviceEntry(service), outdir, build)] as const))) as Record<
      TracerBuild,
      Awaited<ReturnType<typeof bundle>>
    >;
    const clients = sdkClientsOf(bundles.off.metafile);
    const skeleton = await bundleSkeleton(`${service}-skeleton`, clients, outdir);
    // Interleaved so that drift on a shared machine hits them alike; `on` is also switched on in the environment.
    const cold: Record<TracerBuild | 'skeleton', number[]> = { skeleton: [], off: [], on: [], lazy: [] };
    for (let i = 0; i < coldRuns; i++) {
      cold.skeleton.push(coldImportMs(skeleton.file, env, 1));
      for (const build of BUILDS) cold[build].push(coldImportMs(bundles[build].file, { ...env, POWERTOOLS_TRACE_ENABLED: String(build === 'on') }, 1));
    }
    const builds = Object.fromEntries(
      BUILDS.map((build) => {
        const { bytes, metafile } = bundles[build];
        return [build, { bytes, beyondSdk: bytes - sdkBytes(metafile), tracer: tracerBytes(metafile), coldMs: median(cold[build]) }];
      }),
    ) as Record<TracerBuild, BuildFigures>;
    const filesBytes = (FUNCTION_FILES[service] ?? []).reduce((sum, file) => sum + statSync(functionFilePath(file)).size, 0);
    figures.push({ service, clients, skeletonMs: median(cold.skeleton), builds, filesBytes });
  }
  return figures;
};

/** What each function reads beside its bundle (FUNCTION_FILES), in words. */
const FILES_WHAT: Record<string, string> = { boroughs: 'the API document, generated at build time', plans: 'the fonts of its PDFs' };

const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const ratio = (f: FunctionFigures, build: TracerBuild) => f.builds[build].coldMs / f.skeletonMs;
const withinTargets = (f: FunctionFigures) => f.builds.off.beyondSdk <= TARGET_BEYOND_SDK_BYTES && ratio(f, 'off') <= TARGET_COLD_RATIO;

/** The section of bench/RESULTS.md on bundles and cold imports. */
export const functionsSection = (figures: readonly FunctionFigures[], coldRuns: number): string[] => {
  const files = figures.filter((f) => f.filesBytes > 0);
  return [
    `## Bundles (esbuild, minified, as the CDK bundles them) and cold import (median of ${coldRuns} fresh processes each)`,
    '',
    'Size beyond the SDK: the bundle less every module reached only through `@aws-sdk/*` and `@smithy/*` (from the',
    "esbuild metafile). Each function's skeleton imports and constructs the same SDK clients and the router, nothing",
    "else; its cold import is measured interleaved with the function's three builds. The Powertools Tracer is a",
    'borough setting (`observability.tracer`), off by default: off, the stack writes the switch into the bundle as a',
    'constant and esbuild leaves the Tracer out; on, it is bundled and loaded. Targets with the Tracer off: at most',
    `${TARGET_BEYOND_SDK_BYTES / 1024} KB beyond the SDK and a cold import at most ${TARGET_COLD_RATIO}x the skeleton.`,
    '',
    '| function | SDK clients | size KB | beyond SDK KB | skeleton ms | cold ms | cold / skeleton | within targets | Tracer on: beyond SDK KB | Tracer on: cold / skeleton |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: |',
    ...figures.map((f) => {
      const { off, on } = f.builds;
      return `| ${f.service} | ${f.clients.map((c) => c.replace('@aws-sdk/client-', '')).join(', ')} | ${kb(off.bytes)} | ${kb(off.beyondSdk)} | ${ms(f.skeletonMs)} | ${ms(off.coldMs)} | ${ratio(f, 'off').toFixed(2)}x | ${withinTargets(f) ? 'yes' : 'no'} | ${kb(on.beyondSdk)} | ${ratio(f, 'on').toFixed(2)}x |`;
    }),
    '',
    ...(files.length
      ? [`Beside the bundle, read on the first request that needs it: ${files.map((f) => `${f.service} ${kb(f.filesBytes)} KB (${FILES_WHAT[f.service] ?? 'its files'})`).join(', ')}.`, '']
      : []),
    'The alternative, not chosen: the Tracer bundled in every function but only required where the environment turns',
    'it on (one artifact for every borough):',
    '',
    '| function | Tracer KB in bundle | beyond SDK KB | cold / skeleton | against left out: KB | against left out: cold |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...figures.map((f) => {
      const { off, lazy } = f.builds;
      return `| ${f.service} | ${kb(lazy.tracer)} | ${kb(lazy.beyondSdk)} | ${ratio(f, 'lazy').toFixed(2)}x | +${kb(lazy.beyondSdk - off.beyondSdk)} | ${(lazy.coldMs / off.coldMs).toFixed(2)}x |`;
    }),
  ];
};
