//! WAV files for streaming: read the header of a PCM WAV to configure the
//! start request, then stream what follows it; or write one (tests, demos).

use tokio::io::{AsyncRead, AsyncReadExt};

use crate::error::Result;
use crate::streaming::AudioEncoding;

/// The largest header chunk read (`fmt `, `LIST`...) before the audio.
const MAX_HEADER_CHUNK: u32 = 1024 * 1024;

/// The audio format of a WAV file, read from its header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct WavFormat {
    /// The WAVE format tag (1: PCM, 7: µ-law).
    pub format_tag: u16,
    /// Channels (Symbl streams take one).
    pub channels: u16,
    /// Samples per second.
    pub sample_rate: u32,
    /// Bits per sample.
    pub bits_per_sample: u16,
    /// The audio's length in bytes, as the `data` chunk announces it.
    pub data_len: u32,
}

fn invalid(message: impl Into<String>) -> crate::SymblError {
    auth_core::Error::InvalidInput(message.into()).into()
}

impl WavFormat {
    /// Reads the header of a WAV file up to the start of its audio, which
    /// is what `reader` yields next (to pass to
    /// [`StreamingSession::stream_reader`](crate::streaming::StreamingSession::stream_reader)).
    ///
    /// # Errors
    /// An invalid-input error when the file is not a RIFF/WAVE file, has no
    /// `fmt ` chunk before its `data`, or ends early.
    ///
    /// ```no_run
    /// use symbl::streaming::WavFormat;
    /// # async fn run() -> symbl::Result<()> {
    /// let mut file = tokio::fs::File::open("call.wav").await.expect("file");
    /// let format = WavFormat::read_header(&mut file).await?;
    /// println!("{} Hz, {} channel(s)", format.sample_rate, format.channels);
    /// # Ok(()) }
    /// ```
    pub async fn read_header<R: AsyncRead + Unpin>(reader: &mut R) -> Result<WavFormat> {
        let mut riff = [0u8; 12];
        read_exact(reader, &mut riff).await?;
        if &riff[..4] != b"RIFF" || &riff[8..] != b"WAVE" {
            return Err(invalid("not a WAV file (no RIFF/WAVE header)"));
        }
        let mut format: Option<(u16, u16, u32, u16)> = None;
        loop {
            let mut head = [0u8; 8];
            read_exact(reader, &mut head).await?;
            let size = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
            match &head[..4] {
                b"data" => {
                    let Some((format_tag, channels, sample_rate, bits_per_sample)) = format else {
                        return Err(invalid("WAV file has its audio before its `fmt ` chunk"));
                    };
                    return Ok(WavFormat {
                        format_tag,
                        channels,
                        sample_rate,
                        bits_per_sample,
                        data_len: size,
                    });
                }
                id => {
                    if size > MAX_HEADER_CHUNK {
                        return Err(invalid(format!(
                            "WAV header chunk `{}` of {size} bytes is too large",
                            String::from_utf8_lossy(id)
                        )));
                    }
                    // Chunks are padded to an even size.
                    let mut body = vec![0u8; (size + size % 2) as usize];
                    read_exact(reader, &mut body).await?;
                    if id == b"fmt " {
                        if size < 16 {
                            return Err(invalid("WAV `fmt ` chunk is too short"));
                        }
                        let u16_at = |i: usize| u16::from_le_bytes([body[i], body[i + 1]]);
                        let u32_at = |i: usize| {
                            u32::from_le_bytes([body[i], body[i + 1], body[i + 2], body[i + 3]])
                        };
                        format = Some((u16_at(0), u16_at(2), u32_at(4), u16_at(14)));
                    }
                }
            }
        }
    }

    /// The streaming encoding of this audio: 16-bit PCM is
    /// [`AudioEncoding::Linear16`], 8-bit µ-law [`AudioEncoding::Mulaw`].
    ///
    /// # Errors
    /// An invalid-input error for other formats or more than one channel
    /// (convert first, e.g. `ffmpeg -ac 1 -acodec pcm_s16le`).
    ///
    /// ```no_run
    /// use symbl::streaming::{AudioEncoding, WavFormat, pcm16_wav};
    /// # async fn run() -> symbl::Result<()> {
    /// let wav = pcm16_wav(16_000, &[0i16; 160]);
    /// let format = WavFormat::read_header(&mut wav.as_slice()).await?;
    /// assert_eq!(format.encoding()?, AudioEncoding::Linear16);
    /// # Ok(()) }
    /// # tokio::runtime::Builder::new_current_thread().build().expect("runtime").block_on(run()).expect("wav");
    /// ```
    pub fn encoding(&self) -> Result<AudioEncoding> {
        if self.channels != 1 {
            return Err(invalid(format!(
                "the WAV file has {} channels; Symbl streams take mono audio",
                self.channels
            )));
        }
        match (self.format_tag, self.bits_per_sample) {
            (1, 16) => Ok(AudioEncoding::Linear16),
            (7, 8) => Ok(AudioEncoding::Mulaw),
            (tag, bits) => Err(invalid(format!(
                "WAV format {tag} with {bits}-bit samples cannot be streamed; use 16-bit PCM"
            ))),
        }
    }
}

async fn read_exact<R: AsyncRead + Unpin>(reader: &mut R, buf: &mut [u8]) -> Result<()> {
    reader
        .read_exact(buf)
        .await
        .map(drop)
        .map_err(|e| invalid(format!("reading the WAV header: {e}")))
}

/// A mono 16-bit PCM WAV file of `samples` at `sample_rate` Hz.
///
/// ```no_run
/// let wav = symbl::streaming::pcm16_wav(8_000, &[0, 1000, -1000]);
/// assert_eq!(wav.len(), 44 + 6);
/// assert_eq!(&wav[..4], b"RIFF");
/// ```
pub fn pcm16_wav(sample_rate: u32, samples: &[i16]) -> Vec<u8> {
    let data_len = u32::try_from(samples.len() * 2).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36u32.saturating_add(data_len)).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&sample_rate.to_le_bytes());
    out.extend_from_slice(&(sample_rate * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // block align
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_written_wav_reads_back_and_leaves_the_audio_next() {
        let wav = pcm16_wav(16_000, &[1, 2, 3]);
        let mut reader = wav.as_slice();
        let format = WavFormat::read_header(&mut reader).await.expect("valid");
        assert_eq!(
            (
                format.channels,
                format.sample_rate,
                format.bits_per_sample,
                format.data_len
            ),
            (1, 16_000, 16, 6)
        );
        assert_eq!(reader, &[1, 0, 2, 0, 3, 0]);
    }

    #[tokio::test]
    async fn extra_chunks_are_skipped_and_bad_files_refused() {
        let wav = pcm16_wav(8_000, &[7]);
        // A LIST chunk (odd size, padded) between fmt and data.
        let mut with_list = wav[..36].to_vec();
        with_list.extend_from_slice(b"LIST\x03\x00\x00\x00abc\x00");
        with_list.extend_from_slice(&wav[36..]);
        let mut reader = with_list.as_slice();
        let format = WavFormat::read_header(&mut reader).await.expect("valid");
        assert_eq!(format.sample_rate, 8_000);
        assert_eq!(reader, &[7, 0]);

        assert!(
            WavFormat::read_header(&mut &b"not a wav file at all"[..])
                .await
                .is_err()
        );
        assert!(WavFormat::read_header(&mut &wav[..20]).await.is_err());
        let mut stereo = wav.clone();
        stereo[22] = 2;
        let format = WavFormat::read_header(&mut stereo.as_slice())
            .await
            .expect("parsed");
        assert!(format.encoding().is_err());
    }
}
