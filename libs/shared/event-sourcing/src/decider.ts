/**
 * A pure aggregate (after emmett's Decider): `decide` turns a command and the current state into
 * events (or throws the domain's error), `evolve` folds one event into the state, `initialState`
 * is the state of an empty stream. The one declaration every service, test and the command path
 * use.
 */
export interface Decider<C, E, S> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}
