//! Every symbl response decoder on arbitrary bytes: a value or a typed
//! decode error, never a panic.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    integration_tests::decoders::decode_with("symbl", data);
});
