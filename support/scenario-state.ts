/**
 * State a driver or step file keeps per scenario, beside the World rather than on it
 * (bots, supervisors, callers... are those drivers' concern). Created on first use and
 * dropped with the World.
 */
import type { FlowsimWorld } from "./world.js";

export interface ScenarioState<T> {
  /** The scenario's state, created on first use. */
  of(world: FlowsimWorld): T;
  /** The scenario's state if anything created it. */
  peek(world: FlowsimWorld): T | undefined;
}

export function scenarioState<T>(create: (world: FlowsimWorld) => T): ScenarioState<T> {
  const byWorld = new WeakMap<FlowsimWorld, T>();
  return {
    of(world) {
      if (!byWorld.has(world)) byWorld.set(world, create(world));
      return byWorld.get(world)!;
    },
    peek: (world) => byWorld.get(world),
  };
}
