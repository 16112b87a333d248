import { DatasetValidationError } from './errors.js';
import { GrowableArray } from './growableArray.js';
import type { ParsedColumn } from './table.js';
import { isMissingToken, parseNumberToken } from './tokens.js';

/** Share of numeric values (among non-missing ones) above which a text value is treated as a typo. */
export const STRAY_TEXT_THRESHOLD = 0.9;

interface TokenPosition {
  value: string;
  line: number;
}

/**
 * Builds one column while rows stream in, keeping no strings per row.
 * Numbers go into a Float64Array and text values into Int32 codes over the
 * distinct text values. Each array is created at the first value of its kind
 * (earlier rows are filled with NaN or -1), so a purely numeric column stores
 * only floats and a purely text column only codes.
 */
export class ColumnBuilder {
  private numbers: GrowableArray<Float64Array> | null = null;
  private textCodes: GrowableArray<Int32Array> | null = null;
  private readonly textCategories: string[] = [];
  private readonly textIndex = new Map<string, number>();
  private rows = 0;
  private missingCount = 0;
  private numericCount = 0;
  private textCount = 0;
  private firstText: TokenPosition | null = null;
  private firstInfinity: TokenPosition | null = null;

  constructor(readonly name: string) {}

  /** Appends one cell; `lineOf` returns the cell's 1-based line and is called only for the first unusual token. */
  add(cell: string, lineOf: () => number): void {
    this.rows++;

    if (isMissingToken(cell)) {
      this.missingCount++;
      this.numbers?.push(NaN);
      this.textCodes?.push(-1);
      return;
    }

    const value = parseNumberToken(cell);
    if (Number.isFinite(value)) {
      this.numericCount++;
      this.numberArray().push(value);
      this.textCodes?.push(-1);
      return;
    }

    if (Number.isNaN(value)) {
      this.textCount++;
      this.firstText ??= { value: cell, line: lineOf() };
    } else {
      this.firstInfinity ??= { value: cell, line: lineOf() };
    }
    this.numbers?.push(NaN);
    this.codeArray().push(this.codeOf(cell.trim()));
  }

  /** Returns the finished column, or throws when a mostly numeric column contains text or infinity. */
  finish(): ParsedColumn {
    this.rejectStrayTokens();

    if (this.textCount === 0) {
      const values = this.numbers ? this.numbers.finish() : new Float64Array(this.rows).fill(NaN);
      return { kind: 'numeric', name: this.name, values, missingCount: this.missingCount };
    }
    return this.finishText();
  }

  private rejectStrayTokens(): void {
    const nonMissing = this.numericCount + this.textCount;
    const numericShare = nonMissing === 0 ? 0 : this.numericCount / nonMissing;

    if (this.firstText && numericShare >= STRAY_TEXT_THRESHOLD) {
      const { value, line } = this.firstText;
      const percent = Math.floor(numericShare * 1000) / 10;
      throw new DatasetValidationError(
        'file',
        `column "${this.name}" is numeric in ${percent}% of its values but line ${line} contains the text "${value}"; ` +
          'correct the value, or write NA if it is missing',
      );
    }

    if (this.firstInfinity && (this.textCount === 0 || numericShare >= STRAY_TEXT_THRESHOLD)) {
      const { value, line } = this.firstInfinity;
      throw new DatasetValidationError(
        'file',
        `column "${this.name}" contains the infinite value "${value}" on line ${line}; ` +
          'numeric data must be finite, so replace it with a finite number or NA',
      );
    }
  }

  // Merges numbers and text into categories in order of first appearance.
  private finishText(): ParsedColumn {
    const codes = new Int32Array(this.rows);
    const categories: string[] = [];
    const finalIndex = new Map<string, number>();
    const indexOf = (category: string): number => {
      let index = finalIndex.get(category);
      if (index === undefined) {
        index = categories.length;
        categories.push(category);
        finalIndex.set(category, index);
      }
      return index;
    };

    for (let row = 0; row < this.rows; row++) {
      const textCode = this.textCodes ? this.textCodes.get(row) : -1;
      const value = this.numbers ? this.numbers.get(row) : NaN;
      if (textCode >= 0) codes[row] = indexOf(this.textCategories[textCode]);
      else if (Number.isFinite(value)) codes[row] = indexOf(String(value));
      else codes[row] = -1;
    }

    this.numbers = null;
    this.textCodes = null;
    return { kind: 'text', name: this.name, codes, categories, missingCount: this.missingCount };
  }

  private codeOf(text: string): number {
    let code = this.textIndex.get(text);
    if (code === undefined) {
      code = this.textCategories.length;
      this.textCategories.push(text);
      this.textIndex.set(text, code);
    }
    return code;
  }

  private numberArray(): GrowableArray<Float64Array> {
    if (!this.numbers) this.numbers = filled(new GrowableArray(Float64Array), this.rows - 1, NaN);
    return this.numbers;
  }

  private codeArray(): GrowableArray<Int32Array> {
    if (!this.textCodes) this.textCodes = filled(new GrowableArray(Int32Array), this.rows - 1, -1);
    return this.textCodes;
  }
}

function filled<T extends Float64Array | Int32Array>(array: GrowableArray<T>, count: number, value: number): GrowableArray<T> {
  for (let i = 0; i < count; i++) array.push(value);
  return array;
}
