/*
 * Which SUMO 1.15 options tsgym does not read change the simulation, for the .sumocfg's warnings: the
 * options of the output, report, GUI, emissions, battery, communication and output-device sections of
 * SUMO 1.15's `sumo --save-template` (plus a few processing options without effect on driving) do not; the
 * others may, unless their value is SUMO's default.
 */

/** Options that do not change what SUMO's vehicles do (SUMO 1.15's `sumo --save-template`, sections named above). */
const NO_EFFECT = new Set(
  [
    'aggregate-warnings amitran-output battery-output battery-output.precision breakpoints bt-output',
    'chargingstations-output collision-output delay demo device.battery.deterministic',
    'device.battery.explicit device.battery.probability device.battery.track-fuel',
    'device.btreceiver.all-recognitions device.btreceiver.deterministic device.btreceiver.explicit',
    'device.btreceiver.offtime device.btreceiver.probability device.btreceiver.range',
    'device.btsender.deterministic device.btsender.explicit device.btsender.probability',
    'device.emissions.begin device.emissions.deterministic device.emissions.explicit device.emissions.period',
    'device.emissions.probability device.fcd.begin device.fcd.deterministic device.fcd.explicit',
    'device.fcd.period device.fcd.probability device.fcd.radius device.ssm.deterministic device.ssm.explicit',
    'device.ssm.extratime device.ssm.file device.ssm.filter-edges.input-file device.ssm.geo',
    'device.ssm.measures device.ssm.probability device.ssm.range device.ssm.thresholds',
    'device.ssm.trajectories device.ssm.write-lane-positions device.ssm.write-positions',
    'device.tripinfo.deterministic device.tripinfo.explicit device.tripinfo.probability',
    'device.vehroute.deterministic device.vehroute.explicit device.vehroute.probability disable-textures',
    'duration-log.disable duration-log.statistics edgedata-files edgedata-output elechybrid-output',
    'elechybrid-output.aggregated elechybrid-output.precision emission-output emission-output.geo',
    'emission-output.precision emission-output.step-scaled emissions.volumetric-fuel error-log fcd-output',
    'fcd-output.acceleration fcd-output.attributes fcd-output.distance fcd-output.filter-edges.input-file',
    'fcd-output.filter-shapes fcd-output.geo fcd-output.max-leader-distance fcd-output.params',
    'fcd-output.signals full-output game game.mode gui-settings-file gui-testing gui-testing-debug',
    'gui-testing.setting-output help human-readable-time lanechange-output lanechange-output.ended',
    'lanechange-output.started lanechange-output.xy lanedata-output link-output log message-log',
    'netstate-dump netstate-dump.empty-edges netstate-dump.precision no-step-log no-warnings osg-view',
    'output-prefix overheadwiresegments-output person-device.btreceiver.deterministic',
    'person-device.btreceiver.explicit person-device.btreceiver.probability',
    'person-device.btsender.deterministic person-device.btsender.explicit person-device.btsender.probability',
    'person-device.fcd.deterministic person-device.fcd.explicit person-device.fcd.period',
    'person-device.fcd.probability person-summary-output personroute-output phemlight-path',
    'phemlight-temperature phemlight-year precision precision.geo print-options queue-output',
    'queue-output.period quit-on-end railsignal-block-output registry-viewport save-state.constraints',
    'save-state.files save-state.period save-state.period.keep save-state.precision save-state.prefix',
    'save-state.rng save-state.suffix save-state.times save-state.transportables start statistic-output',
    'step-log.period stop-output stop-output.write-unfinished substations-output',
    'substations-output.precision summary-output summary-output.period tracker-interval tripinfo-output',
    'tripinfo-output.write-undeparted tripinfo-output.write-unfinished vehroute-output vehroute-output.cost',
    'vehroute-output.dua vehroute-output.exit-times vehroute-output.incomplete',
    'vehroute-output.intended-depart vehroute-output.internal vehroute-output.last-route',
    'vehroute-output.route-length vehroute-output.skip-ptlines vehroute-output.sorted',
    'vehroute-output.speedfactor vehroute-output.stop-edges vehroute-output.write-unfinished verbose version',
    'vtk-output window-pos window-size write-license xml-validation xml-validation.net xml-validation.routes',
    'threads route-steps tls.actuated.show-detectors device.rerouting.threads device.rerouting.output',
  ]
    .join(' ')
    .split(' '),
);

/** SUMO 1.15's default of an option, with what tsgym does instead when it is set otherwise. */
interface Known {
  readonly default: string;
  readonly note: string;
}

/** The options users set most often that tsgym does not model (defaults from SUMO 1.15's `sumo --save-template`). */
const KNOWN: Record<string, Known> = {
  'lanechange.duration': { default: '0', note: 'continuous lane changing; tsgym changes lanes within one step' },
  'lateral-resolution': { default: '-1', note: 'the sublane model; tsgym drives at the lane centre' },
  'default.action-step-length': { default: '0', note: 'tsgym\'s drivers decide every step' },
  'step-method.ballistic': { default: 'false', note: 'tsgym updates positions as SUMO\'s default Euler method' },
  'device.rerouting.probability': { default: '-1', note: 'tsgym routes trips at departure and keeps given routes' },
  'device.rerouting.period': { default: '0', note: 'tsgym does not reroute under way' },
  'ignore-junction-blocker': { default: '-1', note: 'tsgym never ignores a driver blocking a junction' },
  'time-to-teleport.highways': { default: '0', note: 'tsgym teleports on highways as elsewhere' },
  'time-to-teleport.disconnected': { default: '-1', note: 'tsgym does not teleport over missing connections' },
  'time-to-teleport.remove': { default: 'false', note: 'tsgym\'s teleported drivers reappear' },
  'collision.action': { default: 'teleport', note: 'tsgym teleports the driver behind a collision, SUMO\'s default' },
  'collision.mingap-factor': { default: '-1', note: 'tsgym takes the models\' factors (Krauss 1, IDM 0.5), SUMO\'s default' },
  'collision.check-junctions': { default: 'false', note: 'tsgym checks drivers on the same lane only, SUMO\'s default' },
  'sloppy-insert': { default: 'false', note: 'tsgym inserts as SUMO does without it' },
  'eager-insert': { default: 'false', note: 'tsgym inserts as SUMO does without it' },
  'emergency-insert': { default: 'false', note: 'tsgym inserts as SUMO does without it' },
  'random-depart-offset': { default: '0', note: 'tsgym departs at the given times' },
  'lanechange.overtake-right': { default: 'false', note: 'tsgym never overtakes on the right' },
  'max-num-vehicles': { default: '-1', note: 'tsgym does not limit the number of vehicles' },
  'max-num-teleports': { default: '-1', note: 'tsgym does not stop after a number of teleports' },
};

/** How the options tsgym does not read split: those that may change SUMO's results, and the others. */
export interface UnreadOptions {
  /** Each as `'name'`, or `'name' (what tsgym does instead)` for the common ones. */
  readonly changing: string[];
  readonly noEffect: string[];
}

/**
 * Sorts options tsgym does not read (name and value as given in the .sumocfg) into those that may change
 * SUMO's simulation and those that do not (outputs, reports, GUI, or a common option at SUMO's default).
 *
 * @example
 * ```ts
 * classifyUnreadOptions([['lanechange.duration', '3'], ['fcd-output', 'fcd.xml']]);
 * // { changing: ["'lanechange.duration' (continuous lane changing; ...)"], noEffect: ["'fcd-output'"] }
 * ```
 */
export function classifyUnreadOptions(options: ReadonlyArray<readonly [string, string]>): UnreadOptions {
  const changing: string[] = [];
  const noEffect: string[] = [];
  for (const [name, value] of options) {
    const known = KNOWN[name];
    if (NO_EFFECT.has(name) || (known && value.trim().toLowerCase() === known.default)) noEffect.push(`'${name}'`);
    else changing.push(known ? `'${name}' (${known.note})` : `'${name}'`);
  }
  return { changing, noEffect };
}
