/** A formula cell saved without its calculated result (e.g. written by a script, never opened in Excel/WPS). */
export class FormulaWithoutResult {
  readonly formula: string;
  constructor(formula: string) {
    this.formula = formula;
  }
}
