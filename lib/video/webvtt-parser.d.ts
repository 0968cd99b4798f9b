/** Types for the parts of w3c/webvtt.js (npm `webvtt-parser`, CC0) that Locus uses. */
declare module 'webvtt-parser' {
  export interface WebVttNode {
    type: 'text' | 'object' | 'timestamp';
    /** 'text': the text; 'timestamp': seconds; 'object' with name v/lang: the annotation. */
    value?: string | number;
    /** 'object': c, i, b, u, ruby, rt, v, lang. */
    name?: string;
    classes?: string[];
    children?: WebVttNode[];
  }
  export interface WebVttCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
    tree: { children: WebVttNode[] };
    direction: string;
    snapToLines: boolean;
    linePosition: number | 'auto';
    lineAlign: string;
    textPosition: number | 'auto';
    positionAlign: string;
    size: number;
    alignment: string;
    pauseOnExit: boolean;
  }
  export interface WebVttResult {
    cues: WebVttCue[];
    errors: Array<{ message: string; line: number; col?: number }>;
    styles: string[];
    time: number;
  }
  export class WebVTTParser {
    constructor(entities?: Record<string, string>);
    parse(input: string, mode?: 'metadata' | 'chapters'): WebVttResult;
  }
}
