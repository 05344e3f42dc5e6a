"""Recognise the study design of an effect question from the data, the question and the
description; or apply the design the user named (``override``), finding its columns."""

from __future__ import annotations

from tools.base import ToolInputError
from tools.design.detectors import DETECTORS, detect_instrument_named, detect_panel, detect_rdd, randomized_result
from tools.design.model import DesignInput, DesignResult, StudyDesign

PANEL_METHODS = {StudyDesign.DID: "did", StudyDesign.PANEL: "panel_dml",
                 StudyDesign.SYNTHETIC_CONTROL: "synthetic_control"}
OBSERVATIONAL_ASSUMPTION = ("No unmeasured confounding: given the pre-treatment covariates adjusted for, treated and "
                            "untreated units are comparable.")


def observational(inp: DesignInput, considered: list[str]) -> DesignResult:
    return DesignResult(StudyDesign.OBSERVATIONAL,
                        "No design in the data or the description identifies the effect by itself (no "
                        "randomisation, instrument, cutoff or panel): compare like with like by adjusting for the "
                        "pre-treatment covariates.", OBSERVATIONAL_ASSUMPTION, {}, {}, considered=considered)


def recognise(inp: DesignInput) -> DesignResult:
    """The first design whose evidence holds; observational otherwise."""
    considered: list[str] = []
    for design, detector in DETECTORS:
        found = detector(inp)
        if isinstance(found, DesignResult):
            found.considered = considered
            return found
        considered.append(f"{design.value}: {found}")
    return observational(inp, considered)


def apply_override(inp: DesignInput, design: StudyDesign) -> DesignResult:
    """The design the user asked for, with its columns found in the data; a clear error when
    the data lack what it needs."""
    result: DesignResult | str
    if design is StudyDesign.OBSERVATIONAL:
        result = observational(inp, [])
    elif design is StudyDesign.RANDOMIZED:
        result = randomized_result(inp, "Randomised assignment.")
    elif design is StudyDesign.INSTRUMENT:
        if inp.instrument is None:
            raise ToolInputError("design='iv' needs instrument='<column>': name the instrument column.")
        result = detect_instrument_named(inp)
    elif design is StudyDesign.RDD:
        result = detect_rdd(DesignInput(inp.data, inp.treatment, inp.outcome, inp.text + " threshold"))
    else:
        result = detect_panel(inp)
        if isinstance(result, DesignResult) and result.design is not design:
            result.design = design
            result.estimate_args = {**result.estimate_args, "method": PANEL_METHODS[design]}
    if isinstance(result, str):
        raise ToolInputError(f"design='{design.value}' was requested but the data do not fit it: {result}.")
    result.source = "user"
    result.reason = f"Design requested by the user. {result.reason}"
    return result
