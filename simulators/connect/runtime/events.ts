/** A small typed event bus: the runtime publishes, the API layer and drivers listen. */
export class EventBus<Events extends { type: string }> {
  private listeners = new Set<(event: Events) => void>();

  on(listener: (event: Events) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: Events): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        // A broken listener must not stop the simulation or the other listeners.
        console.error(`flowsim: event listener failed on ${event.type}:`, err);
      }
    }
  }
}
