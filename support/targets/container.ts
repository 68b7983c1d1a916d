/**
 * `container`: the simulator image, started by testcontainers for a run and stopped after
 * it. The image is `FLOWSIM_IMAGE` when set (a registry image, or one built before), else
 * built from the repository's Dockerfile with the engine's layer cache, so a second run
 * rebuilds nothing. `FLOWSIM_BASE_IMAGE` replaces the Dockerfile's `node:20-slim` base on
 * machines that cannot pull it.
 *
 * The engine is whatever testcontainers finds (DOCKER_HOST, the Docker socket, Podman's
 * socket). When none answers the run stops with one line saying so — it never falls back
 * to the embedded simulator, which would pass a container run that never touched a container.
 */
import { GenericContainer, Wait, getContainerRuntimeClient, type StartedTestContainer } from "testcontainers";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InfrastructureError } from "../report/errors.js";

export const CONTAINER_PORT = 4566;
const BUILT_IMAGE = "localhost/flowsim:local";
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface RunningSimulatorContainer {
  /** `http://127.0.0.1:<mapped port>`. */
  url: string;
  image: string;
  stop(): Promise<void>;
}

const NO_ENGINE =
  "no container runtime is reachable: start Docker, or point DOCKER_HOST at Podman's socket " +
  "(podman system service --time=0 unix:///run/podman/podman.sock & and DOCKER_HOST=unix:///run/podman/podman.sock TESTCONTAINERS_RYUK_DISABLED=true)";

async function image(env: NodeJS.ProcessEnv): Promise<{ container: GenericContainer; name: string }> {
  if (env.FLOWSIM_IMAGE) return { container: new GenericContainer(env.FLOWSIM_IMAGE), name: env.FLOWSIM_IMAGE };
  const builder = GenericContainer.fromDockerfile(REPO).withCache(true);
  if (env.FLOWSIM_BASE_IMAGE) builder.withBuildArgs({ BASE_IMAGE: env.FLOWSIM_BASE_IMAGE });
  // Kept after the run: the next one reuses it (and the engine's cache makes a rebuild cheap).
  return { container: await builder.build(BUILT_IMAGE, { deleteOnExit: false }), name: BUILT_IMAGE };
}

export async function startSimulatorContainer(env: NodeJS.ProcessEnv = process.env): Promise<RunningSimulatorContainer> {
  try {
    await getContainerRuntimeClient();
  } catch (err) {
    throw new InfrastructureError("container", NO_ENGINE, { cause: err });
  }
  const { container, name } = await image(env);
  let started: StartedTestContainer;
  try {
    started = await container
      .withExposedPorts(CONTAINER_PORT)
      .withEnvironment({ FLOWSIM_PORT: String(CONTAINER_PORT), FLOWSIM_HOST: "0.0.0.0" })
      .withWaitStrategy(Wait.forHttp("/_flowsim/health", CONTAINER_PORT).forStatusCode(200))
      .withStartupTimeout(60_000)
      .start();
  } catch (err) {
    throw new InfrastructureError("container", `the simulator container (${name}) did not become healthy: ${(err as Error).message}`, { cause: err });
  }
  return {
    url: `http://${started.getHost()}:${started.getMappedPort(CONTAINER_PORT)}`,
    image: name,
    stop: async () => {
      await started.stop({ timeout: 5_000 });
    },
  };
}
