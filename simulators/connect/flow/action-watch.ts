/**
 * Lets something outside the flow language watch, and stand in for, the actions one
 * contact runs: a test case observes "flow action started / completed" and overrides a
 * transfer's queue here. The interpreter asks the contact's watcher before running each
 * action; without one it runs the action as written.
 */
import type { ActionContext, Outcome } from "./action.js";
import type { Contact } from "./contact.js";

/** Runs the action as written, or with another context (substituted parameters). */
export type RunAction = (ctx?: ActionContext) => Promise<Outcome>;

/** Decides an action's outcome: usually `run()` with something done before or after it. */
export type ActionWatcher = (ctx: ActionContext, run: RunAction) => Promise<Outcome>;

// Keyed by the contact object, so a watcher goes away with its contact.
const watchers = new WeakMap<Contact, ActionWatcher>();

/** Watches the contact's actions until the returned function is called. One watcher per contact. */
export function watchActions(contact: Contact, watcher: ActionWatcher): () => void {
  if (watchers.has(contact)) throw new Error(`the actions of contact ${contact.id} are already watched`);
  watchers.set(contact, watcher);
  return () => {
    if (watchers.get(contact) === watcher) watchers.delete(contact);
  };
}

export function actionWatcher(contact: Contact): ActionWatcher | undefined {
  return watchers.get(contact);
}
