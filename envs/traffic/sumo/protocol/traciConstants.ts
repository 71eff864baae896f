/**
 * The TraCI identifiers tsgym uses, with the values of SUMO's `traci/constants.py` (TraCI API version
 * 20, SUMO 1.15). Command ids choose a domain and a verb (get 0xa*, set 0xc*, subscribe 0xd*, context
 * subscribe 0x8*); the answer to a get comes back as command + 0x10, a subscription result as + 0x10
 * of the subscribe command. Variable ids are shared between domains where they mean the same thing.
 *
 * @example
 * ```ts
 * writer.command(CMD.GET_LANE, ...); // 0xa3
 * VAR.LAST_STEP_VEHICLE_NUMBER; // 0x10
 * ```
 */
export const CMD = {
  GETVERSION: 0x00,
  LOAD: 0x01,
  SIMSTEP: 0x02,
  SETORDER: 0x03,
  CLOSE: 0x7f,
  GET_TL: 0xa2,
  SET_TL: 0xc2,
  SUBSCRIBE_TL: 0xd2,
  GET_LANE: 0xa3,
  SUBSCRIBE_LANE: 0xd3,
  GET_VEHICLE: 0xa4,
  SUBSCRIBE_VEHICLE: 0xd4,
  SUBSCRIBE_VEHICLE_CONTEXT: 0x84,
  GET_JUNCTION: 0xa9,
  SUBSCRIBE_JUNCTION_CONTEXT: 0x89,
  GET_EDGE: 0xaa,
  SUBSCRIBE_EDGE: 0xda,
  GET_SIM: 0xab,
  SUBSCRIBE_SIM: 0xdb,
} as const;

/** Variable ids (the byte after a get/set/subscribe command's id). */
export const VAR = {
  ID_LIST: 0x00,
  ID_COUNT: 0x01,
  LAST_STEP_VEHICLE_NUMBER: 0x10,
  LAST_STEP_MEAN_SPEED: 0x11,
  LAST_STEP_VEHICLE_ID_LIST: 0x12,
  LAST_STEP_OCCUPANCY: 0x13,
  LAST_STEP_VEHICLE_HALTING_NUMBER: 0x14,
  TL_RED_YELLOW_GREEN_STATE: 0x20,
  TL_PHASE_INDEX: 0x22,
  TL_PROGRAM: 0x23,
  TL_PHASE_DURATION: 0x24,
  TL_CONTROLLED_LINKS: 0x27,
  TL_CURRENT_PHASE: 0x28,
  TL_CURRENT_PROGRAM: 0x29,
  TL_COMPLETE_DEFINITION_RYG: 0x2b,
  TL_COMPLETE_PROGRAM_RYG: 0x2c,
  TL_NEXT_SWITCH: 0x2d,
  LANE_DISALLOWED: 0x35,
  VAR_SPEED: 0x40,
  VAR_POSITION: 0x42,
  VAR_ANGLE: 0x43,
  VAR_LENGTH: 0x44,
  VAR_LANE_ID: 0x51,
  VAR_EDGES: 0x54,
  VAR_LANEPOSITION: 0x56,
  VAR_TIME: 0x66,
  VAR_ROUTE_INDEX: 0x69,
  VAR_DEPARTED_VEHICLES_IDS: 0x74,
  VAR_WAITING_TIME: 0x7a,
  VAR_ARRIVED_VEHICLES_IDS: 0x7a,
  VAR_MIN_EXPECTED_VEHICLES: 0x7d,
  VAR_ACCUMULATED_WAITING_TIME: 0x87,
  VAR_TIMELOSS: 0x8c,
  VAR_PENDING_VEHICLES: 0x94,
} as const;

/** Type tags of typed values. */
export const TYPE = {
  POSITION_2D: 0x01,
  POSITION_3D: 0x03,
  POLYGON: 0x06,
  UBYTE: 0x07,
  BYTE: 0x08,
  INTEGER: 0x09,
  DOUBLE: 0x0b,
  STRING: 0x0c,
  STRINGLIST: 0x0e,
  COMPOUND: 0x0f,
  DOUBLELIST: 0x10,
  COLOR: 0x11,
} as const;

/** Result codes of a command's status. */
export const RTYPE = { OK: 0x00, NOT_IMPLEMENTED: 0x01, ERR: 0xff } as const;

/** Domains of the context subscription (the get command id of the objects reported). */
export const DOMAIN_VEHICLE = CMD.GET_VEHICLE;

/** The TraCI API version this client speaks (SUMO 1.15 answers 20). */
export const TRACI_API_VERSION = 20;
