@echo off
rem 月次処理: 「入力」フォルダの回答ファイル（Excel, CSV）を取り込み、
rem 会員別の報告書（PDF）と集計（PDF, Excel）を「出力」フォルダに作ります。
pushd "%~dp0"
if not exist "入力" mkdir "入力"
if not exist "出力" mkdir "出力"
shindan.exe run --input "入力" --out "出力"
if errorlevel 1 (
    echo.
    echo 処理の途中で問題がありました。上のメッセージを確かめてください。
) else (
    echo.
    echo 終わりました。「出力」フォルダを開きます。
)
start "" explorer "%~dp0出力"
popd
pause
