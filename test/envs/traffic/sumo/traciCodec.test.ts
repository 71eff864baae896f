import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TraciBatch } from '../../../../envs/traffic/sumo/protocol/TraciBatch.js';
import type { TraciReader } from '../../../../envs/traffic/sumo/protocol/TraciReader.js';
import { TraciProtocolError } from '../../../../envs/traffic/sumo/protocol/TraciProtocolError.js';
import {
  closeCommand,
  getVariable,
  getVersion,
  loadCommand,
  setProgramLogic,
  setVariable,
  simulationStep,
  subscribe,
  subscribeContext,
} from '../../../../envs/traffic/sumo/protocol/traciCommands.js';
import { CMD, DOMAIN_VEHICLE, VAR } from '../../../../envs/traffic/sumo/protocol/traciConstants.js';
import { readControlledLinks, readLogics, readPosition } from '../../../../envs/traffic/sumo/protocol/traciValues.js';
import type { SubscriptionSink } from '../../../../envs/traffic/sumo/protocol/subscriptionResults.js';

/**
 * Byte sequences of a real session: SUMO's own Python client driving Debian's sumo 1.15 on our cross
 * network through a recording proxy (test/fixtures/traci/capture_traci.py). For every call, tsgym's
 * encoder must write the bytes the Python client wrote, and its decoder must read from SUMO's answer
 * the value the Python client read.
 */
interface Exchange {
  call: string;
  request: string;
  answer: string;
  value: unknown;
}
const session = JSON.parse(readFileSync(new URL('../../../fixtures/traci/traci-session.json', import.meta.url), 'utf8')) as {
  vehicle: string;
  exchanges: Exchange[];
};
const VID = session.vehicle;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytes = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/** Collects subscription values as the Python client keys them: object -> variable id -> value. */
function collector(): {
  sink: SubscriptionSink;
  values: Record<string, Record<string, unknown>>;
  context: Record<string, Record<string, Record<string, unknown>>>;
} {
  const values: Record<string, Record<string, unknown>> = {};
  const context: Record<string, Record<string, Record<string, unknown>>> = {};
  const plain = (v: unknown): unknown => (v !== null && typeof v === 'object' && 'x' in v ? [(v as { x: number }).x, (v as { y: number }).y] : v);
  return {
    values,
    context,
    sink: {
      value: (_resp, id, varId, r) => ((values[id] ??= {})[String(varId)] = plain(r.typedValue())),
      contextValue: (_resp, ego, id, varId, r) => (((context[ego] ??= {})[id] ??= {})[String(varId)] = plain(r.typedValue())),
    },
  };
}

const int = (r: TraciReader): number => r.typedInt();
const dbl = (r: TraciReader): number => r.typedDouble();
const str = (r: TraciReader): string => r.typedString();
const list = (r: TraciReader): string[] => r.typedStringList();
const pos = (r: TraciReader): number[] => Object.values(readPosition(r));

type Encode = (b: TraciBatch) => { index: number; check?: (result: unknown, python: unknown) => void };
const get =
  (cmd: number, v: number, id: string, read: (r: TraciReader) => unknown): Encode =>
  (b) => ({ index: getVariable(b, cmd, v, id, read) });
const done: Encode = (b) => ({ index: simulationStep(b, 0, collector().sink), check: (n) => expect(n).toBe(0) });

function area(dom: 'lane' | 'edge', cmd: number, id: string): Record<string, Encode> {
  return {
    [`${dom}.getLastStepVehicleNumber(${id})`]: get(cmd, VAR.LAST_STEP_VEHICLE_NUMBER, id, int),
    [`${dom}.getLastStepHaltingNumber(${id})`]: get(cmd, VAR.LAST_STEP_VEHICLE_HALTING_NUMBER, id, int),
    [`${dom}.getLastStepMeanSpeed(${id})`]: get(cmd, VAR.LAST_STEP_MEAN_SPEED, id, dbl),
    [`${dom}.getLastStepOccupancy(${id})`]: get(cmd, VAR.LAST_STEP_OCCUPANCY, id, dbl),
    [`${dom}.getWaitingTime(${id})`]: get(cmd, VAR.VAR_WAITING_TIME, id, dbl),
    [`${dom}.getLastStepVehicleIDs(${id})`]: get(cmd, VAR.LAST_STEP_VEHICLE_ID_LIST, id, list),
    [`${dom}.getIDList()`]: get(cmd, VAR.ID_LIST, '', list),
  };
}

const ENCODERS: Record<string, Encode> = {
  'connect: getVersion': (b) => ({ index: getVersion(b), check: () => undefined }),
  'getVersion()': (b) => ({ index: getVersion(b) }),
  'simulationStep(20)': (b) => ({ index: simulationStep(b, 20, collector().sink), check: (n) => expect(n).toBe(0) }),
  'simulationStep()': done,
  'trafficlight.getPhase(C)': get(CMD.GET_TL, VAR.TL_CURRENT_PHASE, 'C', int),
  'trafficlight.getProgram(C)': get(CMD.GET_TL, VAR.TL_CURRENT_PROGRAM, 'C', str),
  'trafficlight.getRedYellowGreenState(C)': get(CMD.GET_TL, VAR.TL_RED_YELLOW_GREEN_STATE, 'C', str),
  'trafficlight.getNextSwitch(C)': get(CMD.GET_TL, VAR.TL_NEXT_SWITCH, 'C', dbl),
  'trafficlight.getControlledLinks(C)': (b) => ({
    index: getVariable(b, CMD.GET_TL, VAR.TL_CONTROLLED_LINKS, 'C', readControlledLinks),
    check: (ours, py) => expect((ours as { from: string; to: string; via: string }[][]).map((l) => l.map((k) => [k.from, k.to, k.via]))).toEqual(py),
  }),
  'trafficlight.getCompleteRedYellowGreenDefinition(C)': (b) => ({
    index: getVariable(b, CMD.GET_TL, VAR.TL_COMPLETE_DEFINITION_RYG, 'C', readLogics),
    check: (ours, py) => {
      const p = py as {
        programID: string;
        type: number;
        currentPhaseIndex: number;
        phases: { duration: number; state: string; minDur: number; maxDur: number; next: number[]; name: string }[];
      }[];
      const o = ours as typeof p;
      expect(o.map((l) => ({ programID: l.programID, type: l.type, currentPhaseIndex: l.currentPhaseIndex, phases: l.phases }))).toEqual(
        p.map((l) => ({ programID: l.programID, type: l.type, currentPhaseIndex: l.currentPhaseIndex, phases: l.phases })),
      );
    },
  }),
  'trafficlight.getIDList()': get(CMD.GET_TL, VAR.ID_LIST, '', list),
  ...area('lane', CMD.GET_LANE, 'NC_0'),
  ...area('edge', CMD.GET_EDGE, 'NC'),
  'lane.getDisallowed(NC_0)': get(CMD.GET_LANE, VAR.LANE_DISALLOWED, 'NC_0', list),
  'vehicle.getIDList()': get(CMD.GET_VEHICLE, VAR.ID_LIST, '', list),
  'vehicle.getPosition(VID)': get(CMD.GET_VEHICLE, VAR.VAR_POSITION, VID, pos),
  'vehicle.getAngle(VID)': get(CMD.GET_VEHICLE, VAR.VAR_ANGLE, VID, dbl),
  'vehicle.getSpeed(VID)': get(CMD.GET_VEHICLE, VAR.VAR_SPEED, VID, dbl),
  'vehicle.getLaneID(VID)': get(CMD.GET_VEHICLE, VAR.VAR_LANE_ID, VID, str),
  'vehicle.getLanePosition(VID)': get(CMD.GET_VEHICLE, VAR.VAR_LANEPOSITION, VID, dbl),
  'vehicle.getWaitingTime(VID)': get(CMD.GET_VEHICLE, VAR.VAR_WAITING_TIME, VID, dbl),
  'vehicle.getAccumulatedWaitingTime(VID)': get(CMD.GET_VEHICLE, VAR.VAR_ACCUMULATED_WAITING_TIME, VID, dbl),
  'vehicle.getTimeLoss(VID)': get(CMD.GET_VEHICLE, VAR.VAR_TIMELOSS, VID, dbl),
  'vehicle.getRoute(VID)': get(CMD.GET_VEHICLE, VAR.VAR_EDGES, VID, list),
  'vehicle.getRouteIndex(VID)': get(CMD.GET_VEHICLE, VAR.VAR_ROUTE_INDEX, VID, int),
  'simulation.getTime()': get(CMD.GET_SIM, VAR.VAR_TIME, '', dbl),
  'simulation.getDepartedIDList()': get(CMD.GET_SIM, VAR.VAR_DEPARTED_VEHICLES_IDS, '', list),
  'simulation.getArrivedIDList()': get(CMD.GET_SIM, VAR.VAR_ARRIVED_VEHICLES_IDS, '', list),
  'simulation.getMinExpectedNumber()': get(CMD.GET_SIM, VAR.VAR_MIN_EXPECTED_VEHICLES, '', int),
  'simulation.getPendingVehicles()': get(CMD.GET_SIM, VAR.VAR_PENDING_VEHICLES, '', list),
  'lane.subscribe(NC_0, vars)': (b) => ({
    index: subscribe(b, CMD.SUBSCRIBE_LANE, 'NC_0', [0x10, 0x14, 0x11, 0x13, 0x12], collector().sink),
    check: () => undefined,
  }),
  'vehicle.subscribe(VID, vars)': (b) => ({
    index: subscribe(b, CMD.SUBSCRIBE_VEHICLE, VID, [VAR.VAR_SPEED, VAR.VAR_LANE_ID, VAR.VAR_TIMELOSS], collector().sink),
    check: () => undefined,
  }),
  'junction.subscribeContext(C, vehicle, 60, vars)': (b) => ({
    index: subscribeContext(b, CMD.SUBSCRIBE_JUNCTION_CONTEXT, 'C', DOMAIN_VEHICLE, 60, [VAR.VAR_SPEED, VAR.VAR_LANEPOSITION], collector().sink),
    check: () => undefined,
  }),
  'simulation.subscribe(vars)': (b) => ({
    index: subscribe(b, CMD.SUBSCRIBE_SIM, '', [VAR.VAR_TIME, VAR.VAR_DEPARTED_VEHICLES_IDS], collector().sink, [0, 2 ** 31 - 1]),
    check: () => undefined,
  }),
  'simulationStep(30) with subscriptions': (b) => {
    const c = collector();
    return {
      index: simulationStep(b, 30, c.sink),
      check: (n, py) => {
        const p = py as { lane: unknown; vehicle: unknown; context: unknown; simulation: unknown };
        expect(n).toBe(4);
        expect(c.values.NC_0).toEqual(p.lane);
        expect(c.values[VID]).toEqual(p.vehicle);
        expect(c.values['']).toEqual(p.simulation);
        expect(c.context.C).toEqual(p.context);
      },
    };
  },
  'lane.unsubscribe(NC_0)': (b) => ({ index: subscribe(b, CMD.SUBSCRIBE_LANE, 'NC_0', [], collector().sink), check: (v) => expect(v).toBeUndefined() }),
  'trafficlight.setRedYellowGreenState(C, ...)': (b) => ({
    index: setVariable(b, CMD.SET_TL, VAR.TL_RED_YELLOW_GREEN_STATE, 'C', (w) => w.typedString('rrrrGGGgrrrrGGGg')),
  }),
  'trafficlight.setProgramLogic(C, tsgym)': (b) => ({
    index: setProgramLogic(b, 'C', {
      programID: 'tsgym',
      phases: [
        { duration: 3, state: 'yyyyrrrryyyyrrrr' },
        { duration: 2, state: 'rrrrrrrrrrrrrrrr' },
        { duration: 1e6, state: 'rrrrGGGgrrrrGGGg' },
      ],
    }),
  }),
  'trafficlight.getProgram(C) after setProgramLogic': get(CMD.GET_TL, VAR.TL_CURRENT_PROGRAM, 'C', str),
  'simulationStep(34)': (b) => ({ index: simulationStep(b, 34, collector().sink), check: (n, py) => expect(n).toBe((py as unknown[]).length) }),
  'trafficlight.getRedYellowGreenState(C) 4 s after setProgramLogic': get(CMD.GET_TL, VAR.TL_RED_YELLOW_GREEN_STATE, 'C', str),
  'trafficlight.setProgram(C, 0)': (b) => ({ index: setVariable(b, CMD.SET_TL, VAR.TL_PROGRAM, 'C', (w) => w.typedString('0')) }),
  'trafficlight.setPhase(C, 2)': (b) => ({ index: setVariable(b, CMD.SET_TL, VAR.TL_PHASE_INDEX, 'C', (w) => w.typedInt(2)) }),
  'load(...)': (b) => ({ index: loadCommand(b, ['-c', 'cross.sumocfg', '--seed', '8', '--no-step-log']) }),
  'simulation.getTime() after load': get(CMD.GET_SIM, VAR.VAR_TIME, '', dbl),
  'close()': (b) => ({ index: closeCommand(b) }),
};

describe('TraCI codec against a session recorded from SUMO 1.15 and its Python client', () => {
  for (const ex of session.exchanges) {
    if (ex.call === 'trafficlight.setPhase(C, 9) refused') continue;
    it(ex.call, () => {
      const enc = ENCODERS[ex.call];
      expect(enc, `no encoder for ${ex.call}`).toBeDefined();
      const b = new TraciBatch();
      const { index, check } = enc(b);
      expect(hex(b.finish())).toBe(ex.request);
      const result = b.decode(bytes(ex.answer))[index];
      if (check) check(result, ex.value);
      else expect(result ?? null).toEqual(ex.value);
    });
  }

  it('a command SUMO refused throws its description', () => {
    const ex = session.exchanges.find((e) => e.call === 'trafficlight.setPhase(C, 9) refused') as Exchange;
    const b = new TraciBatch();
    setVariable(b, CMD.SET_TL, VAR.TL_PHASE_INDEX, 'C', (w) => w.typedInt(9));
    expect(hex(b.finish())).toBe(ex.request);
    expect(() => b.decode(bytes(ex.answer))).toThrow(
      new TraciProtocolError(`SUMO refused set 0xc2/0x22 'C' (error): ${(ex.value as { error: string }).error}`),
    );
  });

  it('several commands in one message get their answers in order', () => {
    const pick = (name: string): Exchange => session.exchanges.find((e) => e.call === name) as Exchange;
    const a = pick('trafficlight.getPhase(C)');
    const c = pick('lane.getLastStepMeanSpeed(NC_0)');
    const b = new TraciBatch();
    getVariable(b, CMD.GET_TL, VAR.TL_CURRENT_PHASE, 'C', int);
    getVariable(b, CMD.GET_LANE, VAR.LAST_STEP_MEAN_SPEED, 'NC_0', dbl);
    // one message = the two commands; the answer = the two answers after one length field
    expect(hex(b.finish())).toBe((23).toString(16).padStart(8, '0') + a.request.slice(8) + c.request.slice(8));
    const answer = ((a.answer.length + c.answer.length) / 2 - 4).toString(16).padStart(8, '0') + a.answer.slice(8) + c.answer.slice(8);
    expect(b.decode(bytes(answer))).toEqual([a.value, c.value]);
  });

  it('a truncated answer is a protocol error, not a wrong value', () => {
    const ex = session.exchanges.find((e) => e.call === 'vehicle.getRoute(VID)') as Exchange;
    const b = new TraciBatch();
    getVariable(b, CMD.GET_VEHICLE, VAR.VAR_EDGES, VID, list);
    const cut = bytes(ex.answer).slice(0, -3);
    new DataView(cut.buffer).setInt32(0, cut.length);
    expect(() => b.decode(cut)).toThrow(TraciProtocolError);
  });
});
